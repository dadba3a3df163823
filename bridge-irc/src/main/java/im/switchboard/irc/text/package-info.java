/**
 * IRC message text: splitting bodies into lines that fit (threat I2; Modern IRC, "Message Format": 512 bytes
 * including CR LF), mIRC formatting codes (formatting.md, "Characters") and their XEP-0393 rendering, and
 * decoding line bytes into text that XML 1.0 can carry (threat X6; XML 1.0 section 2.2, "Char").
 */
package im.switchboard.irc.text;
