package im.switchboard.registration;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a bridge asks of a user who registers (XEP-0077 section 3.1): instructions and fields.
 *
 * @param title        the data form's title
 * @param instructions what the user is asked to do, shown by clients ({@code <instructions/>})
 * @param fields       the fields, in the order a client should show them; names are unique
 */
public record RegistrationForm(String title, String instructions, List<FormField> fields) {

    public RegistrationForm {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(instructions, "instructions");
        fields = List.copyOf(fields);
        Set<String> names = new HashSet<>();
        for (FormField field : fields) {
            if (!names.add(field.name())) {
                throw new IllegalArgumentException("duplicate field " + field.name());
            }
        }
    }

    /** The field with that name, if the form has one. */
    public Optional<FormField> field(String name) {
        return fields.stream().filter(f -> f.name().equals(name)).findFirst();
    }
}
