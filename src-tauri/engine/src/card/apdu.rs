//! Command and response APDUs (ISO 7816-4, short form) and the rules of T=0, the only
//! protocol a CPS3 speaks: a `61xx` means xx more bytes wait for GET RESPONSE, a `6Cxx`
//! means "ask again with Le = xx". READ BINARY never asks for more than 0xE7 bytes, the
//! CPS3's I/O buffer (its EF.ATR says so).

use super::CardError;

/// The most a CPS3 returns to one READ BINARY.
pub const MAX_READ: usize = 0xE7;

/// Status words this module and its callers name.
pub mod sw {
    pub const OK: u16 = 0x9000;
    /// READ BINARY at or past the end of the file.
    pub const WRONG_OFFSET: u16 = 0x6B00;
    /// VERIFY: the PIN is blocked.
    pub const BLOCKED: u16 = 0x6983;
    /// A command the PIN guards, sent before VERIFY (or after a reset cleared it).
    pub const NOT_VERIFIED: u16 = 0x6982;
}

/// One command, sent as a short APDU.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Command {
    pub ins: u8,
    pub p1: u8,
    pub p2: u8,
    pub data: Vec<u8>,
    /// Expected length; `Some(0)` means 256 in short form.
    pub le: Option<u8>,
}

impl Command {
    /// SELECT by path, the whole path from the MF (`3F00…`), answering the file's FCP
    /// (which gives its size). P1 = `09` as the CPS3 wants (the card treats a path starting
    /// with `3F00` as absolute).
    pub fn select_path(path: &[u8]) -> Command {
        Command { ins: 0xA4, p1: 0x09, p2: 0x04, data: path.to_vec(), le: None }
    }

    /// READ BINARY of `len` bytes (at most [`MAX_READ`]) from `offset` of the current EF.
    pub fn read_binary(offset: usize, len: usize) -> Command {
        let [hi, lo] = u16::try_from(offset.min(0x7FFF)).unwrap_or(0x7FFF).to_be_bytes();
        Command { ins: 0xB0, p1: hi & 0x7F, p2: lo, data: Vec::new(), le: Some(len.min(MAX_READ) as u8) }
    }

    /// VERIFY without data: asks for the PIN's state without spending a try (IAS-ECC, CPx:
    /// `63Cx` with x tries left, `9000` if already verified, `6983` if blocked).
    pub fn pin_state(reference: u8) -> Command {
        Command { ins: 0x20, p1: 0x00, p2: reference, data: Vec::new(), le: None }
    }

    /// MSE SET for authentication (`41 A4`): algorithm `02` (RSA PKCS#1 v1.5, the card pads
    /// the DigestInfo) with the private key `key_reference`.
    pub fn mse_set_authentication(key_reference: u8) -> Command {
        Command { ins: 0x22, p1: 0x41, p2: 0xA4, data: vec![0x80, 0x01, 0x02, 0x84, 0x01, key_reference], le: None }
    }

    /// INTERNAL AUTHENTICATE over a DigestInfo: the card answers the RSA signature
    /// (`61xx`, then GET RESPONSE under T=0).
    pub fn internal_authenticate(digest_info: &[u8]) -> Command {
        Command { ins: 0x88, p1: 0x00, p2: 0x00, data: digest_info.to_vec(), le: Some(0) }
    }

    fn get_response(len: u8) -> Command {
        Command { ins: 0xC0, p1: 0, p2: 0, data: Vec::new(), le: Some(len) }
    }

    /// The bytes on the wire (CLA 00). Under T=0 a command both carrying and expecting data
    /// goes without Le: the card then answers `61xx`.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = vec![0x00, self.ins, self.p1, self.p2];
        if !self.data.is_empty() {
            out.push(self.data.len() as u8);
            out.extend_from_slice(&self.data);
        } else if let Some(le) = self.le {
            out.push(le);
        }
        out
    }
}

/// A card's answer: data and status word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    pub data: Vec<u8>,
    pub sw: u16,
}

impl Response {
    pub fn from_bytes(mut raw: Vec<u8>) -> Result<Response, CardError> {
        if raw.len() < 2 {
            return Err(CardError::Malformed("an answer shorter than a status word"));
        }
        let sw = u16::from_be_bytes([raw[raw.len() - 2], raw[raw.len() - 1]]);
        raw.truncate(raw.len() - 2);
        Ok(Response { data: raw, sw })
    }

    pub fn is_ok(&self) -> bool {
        self.sw == sw::OK
    }

    /// The data of a `9000` answer; any other status word is an error.
    pub fn ok(self) -> Result<Vec<u8>, CardError> {
        if self.is_ok() {
            Ok(self.data)
        } else {
            Err(CardError::Status(self.sw))
        }
    }
}

/// What carries raw APDUs to a card: a PC/SC transaction (`reader.rs`), or a fake card in tests.
pub trait Transmit {
    fn transmit(&mut self, apdu: &[u8]) -> Result<Vec<u8>, CardError>;
}

/// A card never needs more GET RESPONSEs than this for a short answer; a card that keeps
/// saying `61xx` is broken and must not hang the app.
const MAX_CHAINED: usize = 64;

/// Sends one command and follows T=0: `6Cxx` re-sent once with Le = xx, `61xx` collected with
/// GET RESPONSE until the card gives its final status.
pub fn exchange(link: &mut dyn Transmit, command: &Command) -> Result<Response, CardError> {
    let mut response = Response::from_bytes(link.transmit(&command.to_bytes())?)?;
    if response.sw >> 8 == 0x6C {
        let again = Command { le: Some((response.sw & 0xFF) as u8), ..command.clone() };
        response = Response::from_bytes(link.transmit(&again.to_bytes())?)?;
    }
    let mut data = std::mem::take(&mut response.data);
    let mut chained = 0;
    while response.sw >> 8 == 0x61 {
        chained += 1;
        if chained > MAX_CHAINED {
            return Err(CardError::Malformed("endless 61xx chain"));
        }
        let get = Command::get_response((response.sw & 0xFF) as u8);
        let mut next = Response::from_bytes(link.transmit(&get.to_bytes())?)?;
        if next.sw >> 8 == 0x6C {
            next = Response::from_bytes(link.transmit(&Command::get_response((next.sw & 0xFF) as u8).to_bytes())?)?;
        }
        data.append(&mut next.data);
        response.sw = next.sw;
    }
    tracing::trace!(ins = command.ins, sw = format_args!("{:04X}", response.sw), len = data.len(), "card command");
    Ok(Response { data, sw: response.sw })
}

/// Selects the EF at `path` and reads it: its size from the FCP (tag `80`) when given, else
/// until the card says the end is reached. `stop_at` may cut the reading short once it knows
/// how long the content is (a certificate in a zero-padded file).
pub fn read_file(
    link: &mut dyn Transmit,
    path: &[u8],
    stop_at: impl Fn(&[u8]) -> Option<usize>,
) -> Result<Vec<u8>, CardError> {
    let fcp = exchange(link, &Command::select_path(path))?.ok()?;
    let size = super::pkcs15::fcp_size(&fcp);
    let mut content = Vec::new();
    loop {
        let mut want = MAX_READ;
        if let Some(size) = size {
            want = want.min(size.saturating_sub(content.len()));
        }
        if let Some(end) = stop_at(&content) {
            want = want.min(end.saturating_sub(content.len()));
        }
        if want == 0 {
            break;
        }
        // READ BINARY's offset has 15 bits (bit 8 of P1 means a short EF identifier); no CPS
        // file comes near that.
        if content.len() > 0x7FFF {
            return Err(CardError::Malformed("a file longer than READ BINARY reaches"));
        }
        let answer = exchange(link, &Command::read_binary(content.len(), want))?;
        if answer.sw == sw::WRONG_OFFSET {
            break;
        }
        let chunk = answer.ok()?;
        let short = chunk.len() < want;
        content.extend_from_slice(&chunk);
        if short || chunk.is_empty() {
            break;
        }
    }
    if let Some(end) = stop_at(&content) {
        content.truncate(end);
    }
    Ok(content)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A T=0 card holding one EF: SELECT answers `61xx` then the FCP, READ BINARY follows the
    /// CPS3's rules (`6Cxx` when Le is longer than what it gives).
    struct T0Card {
        file: Vec<u8>,
        pending: Vec<u8>,
        sent: Vec<Vec<u8>>,
    }

    impl Transmit for T0Card {
        fn transmit(&mut self, apdu: &[u8]) -> Result<Vec<u8>, CardError> {
            self.sent.push(apdu.to_vec());
            let with_sw = |mut data: Vec<u8>, sw: u16| {
                data.extend_from_slice(&sw.to_be_bytes());
                data
            };
            Ok(match apdu[1] {
                0xA4 => {
                    let size = (self.file.len() as u16).to_be_bytes();
                    self.pending = vec![0x62, 0x04, 0x80, 0x02, size[0], size[1]];
                    with_sw(Vec::new(), 0x6100 | self.pending.len() as u16)
                }
                0xC0 => {
                    let le = usize::from(apdu[4]);
                    if le > self.pending.len() {
                        with_sw(Vec::new(), 0x6C00 | self.pending.len() as u16)
                    } else {
                        let data: Vec<u8> = self.pending.drain(..le).collect();
                        let sw = if self.pending.is_empty() { 0x9000 } else { 0x6100 | self.pending.len() as u16 };
                        with_sw(data, sw)
                    }
                }
                0xB0 => {
                    let offset = usize::from(u16::from_be_bytes([apdu[2], apdu[3]]));
                    if offset >= self.file.len() {
                        return Ok(with_sw(Vec::new(), 0x6B00));
                    }
                    let avail = MAX_READ.min(self.file.len() - offset);
                    let le = if apdu[4] == 0 { 256 } else { usize::from(apdu[4]) };
                    if le > avail {
                        with_sw(Vec::new(), 0x6C00 | avail as u16)
                    } else {
                        with_sw(self.file[offset..offset + le].to_vec(), 0x9000)
                    }
                }
                _ => with_sw(Vec::new(), 0x6D00),
            })
        }
    }

    fn card(len: usize) -> T0Card {
        T0Card { file: (0..len).map(|i| i as u8).collect(), pending: Vec::new(), sent: Vec::new() }
    }

    #[test]
    fn get_response_follows_61xx_and_6cxx() {
        let mut card = card(10);
        let fcp = exchange(&mut card, &Command::select_path(&[0x3F, 0x00, 0x2F, 0x00])).unwrap();
        assert_eq!(fcp, Response { data: vec![0x62, 0x04, 0x80, 0x02, 0x00, 0x0A], sw: 0x9000 });
        assert_eq!(card.sent[1], vec![0x00, 0xC0, 0x00, 0x00, 0x06]);
        // A GET RESPONSE asking too much is told the right length and asked again.
        card.pending = vec![1, 2, 3];
        let got = exchange(&mut card, &Command::get_response(0x10)).unwrap();
        assert_eq!(got, Response { data: vec![1, 2, 3], sw: 0x9000 });
    }

    #[test]
    fn a_file_is_read_in_chunks_of_at_most_e7() {
        let mut card = card(600);
        let content = read_file(&mut card, &[0x3F, 0x00, 0xC0, 0x00], |_| None).unwrap();
        assert_eq!(content, card.file);
        let reads: Vec<&Vec<u8>> = card.sent.iter().filter(|a| a[1] == 0xB0).collect();
        assert_eq!(reads.len(), 3, "{reads:02X?}");
        assert!(reads.iter().all(|a| usize::from(a[4]) <= MAX_READ));
        assert_eq!(reads[2][2..], [0x01, 0xCE, 138]);
    }

    #[test]
    fn a_short_last_chunk_is_asked_again_with_the_length_the_card_gives() {
        // No size in the FCP: the reader asks for E7 and the card answers 6Cxx at the end.
        struct NoSize(T0Card);
        impl Transmit for NoSize {
            fn transmit(&mut self, apdu: &[u8]) -> Result<Vec<u8>, CardError> {
                if apdu[1] == 0xA4 {
                    return Ok(vec![0x90, 0x00]);
                }
                self.0.transmit(apdu)
            }
        }
        let mut card = NoSize(card(300));
        let content = read_file(&mut card, &[0x3F, 0x00, 0xC0, 0x00], |_| None).unwrap();
        assert_eq!(content.len(), 300);
        assert!(card.0.sent.contains(&vec![0x00, 0xB0, 0x00, 0xE7, 69]));
    }

    #[test]
    fn reading_stops_where_the_content_ends() {
        let mut card = card(2048);
        let content = read_file(&mut card, &[0x3F, 0x00, 0xC0, 0x00], |_| Some(250)).unwrap();
        assert_eq!(content.len(), 250);
        assert_eq!(card.sent.iter().filter(|a| a[1] == 0xB0).count(), 2);
    }

    #[test]
    fn a_card_answering_less_than_a_status_word_is_an_error_not_a_panic() {
        struct Mute;
        impl Transmit for Mute {
            fn transmit(&mut self, _: &[u8]) -> Result<Vec<u8>, CardError> {
                Ok(vec![0x90])
            }
        }
        assert!(matches!(exchange(&mut Mute, &Command::pin_state(1)), Err(CardError::Malformed(_))));
    }
}
