//! A zip archive with stored (uncompressed) entries: the host reads it with
//! java.util.zip; a module is small and compresses little anyway. Times are
//! fixed (1980-01-01) so that the same input gives the same archive.

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= b as u32;
        for _ in 0..8 {
            crc = if crc & 1 != 0 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

fn u16le(out: &mut Vec<u8>, v: u16) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn u32le(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

const DOS_DATE: u16 = (0 << 9) | (1 << 5) | 1; // 1980-01-01

pub fn stored(entries: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, data) in entries {
        let offset = out.len() as u32;
        let crc = crc32(data);
        let header = |out: &mut Vec<u8>, central_entry: bool| {
            u32le(out, if central_entry { 0x0201_4b50 } else { 0x0403_4b50 });
            if central_entry {
                u16le(out, 20); // made by
            }
            u16le(out, 20); // needed to extract
            u16le(out, 0x0800); // names are UTF-8
            u16le(out, 0); // stored
            u16le(out, 0); // time
            u16le(out, DOS_DATE);
            u32le(out, crc);
            u32le(out, data.len() as u32);
            u32le(out, data.len() as u32);
            u16le(out, name.len() as u16);
            u16le(out, 0); // extra
            if central_entry {
                u16le(out, 0); // comment
                u16le(out, 0); // disk
                u16le(out, 0); // internal attributes
                u32le(out, 0); // external attributes
                u32le(out, offset);
            }
            out.extend_from_slice(name.as_bytes());
        };
        header(&mut out, false);
        out.extend_from_slice(data);
        header(&mut central, true);
    }
    let central_offset = out.len() as u32;
    out.extend_from_slice(&central);
    u32le(&mut out, 0x0605_4b50);
    u16le(&mut out, 0);
    u16le(&mut out, 0);
    u16le(&mut out, entries.len() as u16);
    u16le(&mut out, entries.len() as u16);
    u32le(&mut out, central.len() as u32);
    u32le(&mut out, central_offset);
    u16le(&mut out, 0);
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn crc_of_the_check_string() {
        assert_eq!(super::crc32(b"123456789"), 0xCBF4_3926);
    }
}
