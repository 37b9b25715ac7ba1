//! The two JSON pieces a resume token needs, without a JSON library in the core: a writer
//! for strings as Python's `json.dumps` escapes them, and a reader for the one flat object
//! shape a resume token has.

use super::ResumeToken;

/// Appends `text` as a JSON string the way Python's `json.dumps` (with `ensure_ascii`) does:
/// `"` and `\` escaped, `\n \r \t \b \f` by name, other control characters, DEL and every
/// non-ASCII character as lowercase `\uXXXX`, astral characters as a surrogate pair.
pub(super) fn push_python_json_string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            ' '..='~' => out.push(c),
            _ => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
        }
    }
    out.push('"');
}

/// A value of a resume token's JSON object: the only kinds a resume token holds.
enum TokenValue {
    Null,
    Text(String),
    Count(u64),
}

/// A reader for the one JSON shape a resume token has: a flat object of strings, nulls and
/// non-negative integers. Anything else is `None`, which the caller reports as a bad token.
struct TokenJson<'a> {
    rest: &'a str,
}

impl TokenJson<'_> {
    fn skip_whitespace(&mut self) {
        self.rest = self
            .rest
            .trim_start_matches([' ', '\t', '\n', '\r'].as_slice());
    }

    fn eat(&mut self, c: char) -> Option<()> {
        self.skip_whitespace();
        self.rest = self.rest.strip_prefix(c)?;
        Some(())
    }

    fn peek(&mut self) -> Option<char> {
        self.skip_whitespace();
        self.rest.chars().next()
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = self.rest.get(..4)?;
        if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        self.rest = &self.rest[4..];
        u32::from_str_radix(digits, 16).ok()
    }

    fn string(&mut self) -> Option<String> {
        self.eat('"')?;
        let mut out = String::new();
        loop {
            let mut chars = self.rest.chars();
            let c = chars.next()?;
            self.rest = chars.as_str();
            match c {
                '"' => return Some(out),
                '\\' => {
                    let mut chars = self.rest.chars();
                    let escape = chars.next()?;
                    self.rest = chars.as_str();
                    out.push(match escape {
                        '"' => '"',
                        '\\' => '\\',
                        '/' => '/',
                        'b' => '\u{8}',
                        'f' => '\u{c}',
                        'n' => '\n',
                        'r' => '\r',
                        't' => '\t',
                        'u' => {
                            let unit = self.hex4()?;
                            if (0xd800..0xdc00).contains(&unit) {
                                // A high surrogate must pair with a low one: a Rust string
                                // cannot hold a lone surrogate.
                                self.rest = self.rest.strip_prefix("\\u")?;
                                let low = self.hex4()?;
                                if !(0xdc00..0xe000).contains(&low) {
                                    return None;
                                }
                                char::from_u32(0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00))?
                            } else {
                                char::from_u32(unit)?
                            }
                        }
                        _ => return None,
                    });
                }
                // Python's json.loads is strict: raw control characters are not allowed.
                c if (c as u32) < 0x20 => return None,
                c => out.push(c),
            }
        }
    }

    fn value(&mut self) -> Option<TokenValue> {
        match self.peek()? {
            '"' => self.string().map(TokenValue::Text),
            'n' => {
                self.rest = self.rest.strip_prefix("null")?;
                Some(TokenValue::Null)
            }
            '0'..='9' => {
                let end = self
                    .rest
                    .find(|c: char| !c.is_ascii_digit())
                    .unwrap_or(self.rest.len());
                let digits = &self.rest[..end];
                // JSON has no leading zeros; a fraction or exponent is not a count.
                if digits.len() > 1 && digits.starts_with('0') {
                    return None;
                }
                if self.rest[end..].starts_with(['.', 'e', 'E']) {
                    return None;
                }
                self.rest = &self.rest[end..];
                digits.parse().ok().map(TokenValue::Count)
            }
            _ => None,
        }
    }
}

/// Reads `{"nextToken": ..., "boto_truncate_amount": N}`. A later duplicate key wins, as in
/// Python's `json.loads`; any other key, a missing `nextToken` or a wrong type is `None`.
pub(super) fn parse_token_json(json: &str) -> Option<ResumeToken> {
    let mut reader = TokenJson { rest: json };
    reader.eat('{')?;
    let mut next_token: Option<Option<String>> = None;
    let mut truncate_amount = None;
    if reader.peek()? == '}' {
        return None; // no nextToken
    }
    loop {
        let key = reader.string()?;
        reader.eat(':')?;
        match (key.as_str(), reader.value()?) {
            ("nextToken", TokenValue::Null) => next_token = Some(None),
            ("nextToken", TokenValue::Text(text)) => next_token = Some(Some(text)),
            ("boto_truncate_amount", TokenValue::Count(n)) => truncate_amount = Some(n),
            _ => return None,
        }
        match reader.peek()? {
            ',' => reader.eat(',')?,
            '}' => break,
            _ => return None,
        }
    }
    reader.eat('}')?;
    reader.skip_whitespace();
    if !reader.rest.is_empty() {
        return None;
    }
    Some(ResumeToken {
        next_token: next_token?,
        truncate_amount,
    })
}
