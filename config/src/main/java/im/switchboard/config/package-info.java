/**
 * Typed settings: declared next to the code that uses them, read from one TOML file plus environment
 * overrides, validated all at once.
 */
package im.switchboard.config;
