/** Wiring and launcher: turns a configuration into running gateway components. */
package im.switchboard.app;
