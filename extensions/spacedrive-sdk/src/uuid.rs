//! A UUID as the host writes it: 16 bytes, text in the canonical hyphenated
//! lower-case form. Kept here (not the `uuid` crate) so that the SDK needs
//! nothing beyond serde and builds into small modules.

use std::fmt;
use std::str::FromStr;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Uuid([u8; 16]);

impl Uuid {
    /// The nil UUID (all zeros): "none".
    pub const fn nil() -> Uuid {
        Uuid([0; 16])
    }

    pub const fn from_bytes(bytes: [u8; 16]) -> Uuid {
        Uuid(bytes)
    }

    pub fn as_bytes(&self) -> &[u8; 16] {
        &self.0
    }

    pub fn is_nil(&self) -> bool {
        self.0 == [0; 16]
    }

    /// Parses the hyphenated form (`8-4-4-4-12` hex digits, either case).
    pub fn parse_str(text: &str) -> Result<Uuid, crate::Error> {
        text.parse()
    }
}

impl FromStr for Uuid {
    type Err = crate::Error;

    fn from_str(text: &str) -> Result<Uuid, crate::Error> {
        let bad = || crate::Error::invalid(format!("not a UUID: {:?}", text));
        let bytes = text.as_bytes();
        if bytes.len() != 36 {
            return Err(bad());
        }
        let mut out = [0u8; 16];
        let mut nibble = 0;
        for (i, &c) in bytes.iter().enumerate() {
            if i == 8 || i == 13 || i == 18 || i == 23 {
                if c != b'-' {
                    return Err(bad());
                }
                continue;
            }
            let v = match c {
                b'0'..=b'9' => c - b'0',
                b'a'..=b'f' => c - b'a' + 10,
                b'A'..=b'F' => c - b'A' + 10,
                _ => return Err(bad()),
            };
            out[nibble / 2] |= if nibble % 2 == 0 { v << 4 } else { v };
            nibble += 1;
        }
        Ok(Uuid(out))
    }
}

impl fmt::Display for Uuid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, b) in self.0.iter().enumerate() {
            if i == 4 || i == 6 || i == 8 || i == 10 {
                f.write_str("-")?;
            }
            write!(f, "{:02x}", b)?;
        }
        Ok(())
    }
}

impl fmt::Debug for Uuid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl Serialize for Uuid {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Uuid {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Uuid, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Uuid;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a UUID string")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Uuid, E> {
                v.parse().map_err(|e: crate::Error| E::custom(e.message()))
            }
        }
        d.deserialize_str(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_refuses_garbage() {
        let text = "5b0e1c2d-3f4a-4b5c-8d6e-7f8091a2b3c4";
        let u: Uuid = text.parse().unwrap();
        assert_eq!(u.to_string(), text);
        assert_eq!(u.as_bytes()[0], 0x5b);
        assert_eq!("5B0E1C2D-3F4A-4B5C-8D6E-7F8091A2B3C4".parse::<Uuid>().unwrap(), u);
        assert!("5b0e1c2d3f4a4b5c8d6e7f8091a2b3c4".parse::<Uuid>().is_err());
        assert!("5b0e1c2d-3f4a-4b5c-8d6e-7f8091a2b3cg".parse::<Uuid>().is_err());
        assert_eq!(serde_json::to_string(&u).unwrap(), format!("\"{}\"", text));
        assert_eq!(serde_json::from_str::<Uuid>(&format!("\"{}\"", text)).unwrap(), u);
    }
}
