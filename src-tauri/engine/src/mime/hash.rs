//! Identity of a message as bytes: the store recognises a message it already holds by it,
//! whatever its Message-ID claims.

use sha2::{Digest, Sha256};

pub fn content_hash(raw: &[u8]) -> [u8; 32] {
    Sha256::digest(raw).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn is_sha256() {
        let hash = content_hash(b"abc");
        assert_eq!(hash[..4], [0xba, 0x78, 0x16, 0xbf]);
        assert_eq!(hash[28..], [0xf2, 0x00, 0x15, 0xad]);
    }
}
