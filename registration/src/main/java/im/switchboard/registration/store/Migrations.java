package im.switchboard.registration.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small versioned-SQL runner: the schema is the ordered list of classpath resources {@code V<n>__<what>.sql}
 * beside this class; {@code schema_version} records which ran. Pending migrations run at open, in order, and
 * their {@code schema_version} rows are committed together. H2 commits DDL at once, so migrations are written
 * to be re-runnable (IF NOT EXISTS): a crash in the middle leaves a schema that the next open completes.
 */
final class Migrations {

    /** Every migration, in order. A new schema version adds a resource here; released ones never change. */
    static final List<String> RESOURCES = List.of("V1__credentials.sql");

    private static final Pattern NAME = Pattern.compile("V(\\d+)__(\\w+)\\.sql");

    private Migrations() {
    }

    static int latestVersion() {
        return version(RESOURCES.getLast());
    }

    /** The schema version recorded in the database; 0 if it has no {@code schema_version} table yet. */
    static int currentVersion(Connection connection) throws SQLException {
        try (PreparedStatement exists = connection.prepareStatement("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES "
                + "WHERE TABLE_SCHEMA = 'PUBLIC' AND TABLE_NAME = 'SCHEMA_VERSION'");
             ResultSet rows = exists.executeQuery()) {
            rows.next();
            if (rows.getInt(1) == 0) {
                return 0;
            }
        }
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    /** Runs the pending migrations and commits; refuses a database written by a newer Switchboard. */
    static void apply(Connection connection, DatabaseFiles files) throws SQLException {
        int current = currentVersion(connection);
        refuseNewer(current, files);
        if (current == latestVersion()) {
            return;
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS schema_version (version INT PRIMARY KEY, "
                    + "description VARCHAR(200) NOT NULL, applied_at TIMESTAMP WITH TIME ZONE NOT NULL)");
        }
        for (String resource : RESOURCES) {
            int version = version(resource);
            if (version <= current) {
                continue;
            }
            try (Statement statement = connection.createStatement()) {
                for (String sql : statements(resource)) {
                    statement.execute(sql);
                }
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, CURRENT_TIMESTAMP)")) {
                insert.setInt(1, version);
                insert.setString(2, resource);
                insert.executeUpdate();
            }
        }
        connection.commit();
    }

    static void refuseNewer(int current, DatabaseFiles files) {
        if (current > latestVersion()) {
            throw new CredentialStoreException("the database " + files.databaseFile() + " has schema version "
                    + current + ", newer than this Switchboard knows (" + latestVersion() + "): run the newer "
                    + "version or restore a backup; the file was not touched");
        }
    }

    private static int version(String resource) {
        Matcher matcher = NAME.matcher(resource);
        if (!matcher.matches()) {
            throw new IllegalStateException("migration resource not named V<n>__<what>.sql: " + resource);
        }
        return Integer.parseInt(matcher.group(1));
    }

    /** The statements of a migration: comment lines dropped, split at a ';' that ends a line. */
    static List<String> statements(String resource) {
        String text;
        try (InputStream in = Migrations.class.getResourceAsStream("migration/" + resource)) {
            if (in == null) {
                throw new IllegalStateException("migration resource missing from the classpath: " + resource);
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read migration " + resource, e);
        }
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : text.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("--") || trimmed.isEmpty()) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String sql = current.toString().strip();
                statements.add(sql.substring(0, sql.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            throw new IllegalStateException("migration " + resource + " ends without ';'");
        }
        return statements;
    }
}
