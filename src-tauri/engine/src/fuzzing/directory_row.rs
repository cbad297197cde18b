//! The national directory's extraction: its header and rows as the import reads them. The
//! import sorts by `row_key` and stores `parse_row`: both must agree on every row.

use std::io::Cursor;

use crate::directory::national::parse::{date_of, parse_row, row_key, Rows};

/// Rows read from one input at most.
const MOST_ROWS: usize = 1_000;

pub fn directory_row(data: &[u8]) {
    match (row_key(data), parse_row(data)) {
        (Ok(key), Ok(entry)) => {
            assert_eq!(key.address, entry.entry.address, "the sort key and the entry name other addresses");
            assert_eq!(key.sort_name, entry.sort_name, "the sort key and the entry sort apart");
            assert_eq!(key.filled, entry.filled);
            assert!(!key.address.is_empty() && key.address == key.address.to_lowercase());
        }
        (Err(a), Err(b)) => assert_eq!(a, b, "the key and the row refuse the row for different reasons"),
        (key, row) => panic!("the key and the row disagree: {:?} / {:?}", key.err(), row.err()),
    }
    // The input as a whole file: a header, then rows.
    if let Ok(mut rows) = Rows::new(Cursor::new(data)) {
        for _ in 0..MOST_ROWS {
            match rows.next_row() {
                Ok(Some(_)) => {}
                Ok(None) | Err(_) => break,
            }
        }
    }
    let _ = date_of(&String::from_utf8_lossy(data));
}
