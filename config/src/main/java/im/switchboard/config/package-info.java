/**
 * Typed settings: declared next to the code that uses them, read from one TOML file plus environment
 * overrides, validated all at once.
 *
 * <p>A module declares its {@link im.switchboard.config.Setting}s (key, type, default, validation, description)
 * and groups them in a {@link im.switchboard.config.Section}; the application puts every module's sections in a
 * {@link im.switchboard.config.Schema} and calls {@link im.switchboard.config.ConfigLoader}, which reads the
 * TOML file (TOML 1.0.0, https://toml.io/en/v1.0.0), applies {@code SWITCHBOARD_*} environment overrides, and
 * returns an immutable {@link im.switchboard.config.Config} or throws one
 * {@link im.switchboard.config.ConfigException} listing every problem with its key path.
 * {@link im.switchboard.config.ConfigDocs} renders the reference documentation from the same declarations.
 *
 * <p>Secrets are {@link im.switchboard.config.Secret}s: they print as a mask in every {@code toString()},
 * description and problem message (THREATS G3).
 *
 * <h2>Threading</h2>
 * Everything here is immutable and thread-safe once built, except {@link im.switchboard.config.Setting.Builder},
 * which is meant for one static initialiser.
 */
package im.switchboard.config;
