//! Reading an uploaded deals file: its encoding, its separator, its header and
//! its records with the line each starts on. What cannot be a deals file at
//! all is refused here as a whole, before any row is looked at.

use crate::i18n::Key;
use crate::model::csv_cell;
use csv::{ReaderBuilder, StringRecord};

/// The largest file accepted: HubSpot exports of a few hundred thousand deals.
pub const MAX_BYTES: usize = 20 * 1024 * 1024;

/// Why a file was refused as a whole; nothing is written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileProblem {
    Empty,
    NoRows,
    NotText,
    Spreadsheet,
    TooLarge,
    /// Broken CSV (an unterminated quote, say) near this line.
    Unreadable {
        line: u64,
    },
    /// Required columns the file does not have, by their usual names.
    MissingColumns(Vec<&'static str>),
}

impl FileProblem {
    pub fn key(&self) -> Key {
        match self {
            FileProblem::Empty => Key::ErrFileEmpty,
            FileProblem::NoRows => Key::ErrFileNoRows,
            FileProblem::NotText => Key::ErrFileNotText,
            FileProblem::Spreadsheet => Key::ErrFileSpreadsheet,
            FileProblem::TooLarge => Key::ErrFileTooLarge,
            FileProblem::Unreadable { .. } => Key::ErrFileUnreadable,
            FileProblem::MissingColumns(_) => Key::ErrFileMissingColumns,
        }
    }

    /// The value the message names: a line, or the missing columns.
    pub fn detail(&self) -> String {
        match self {
            FileProblem::Unreadable { line } => line.to_string(),
            FileProblem::MissingColumns(columns) => columns.join(", "),
            _ => String::new(),
        }
    }

    pub fn message(&self, locale: crate::model::Locale) -> String {
        let detail = self.detail();
        self.key()
            .format(locale, &[("line", &detail), ("columns", &detail)])
    }
}

/// One record of the file and the line it starts on (the header is line 1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    pub line: u64,
    pub fields: Vec<String>,
}

/// A file read as CSV: its header and its records, all as text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CsvFile {
    /// As matched: see [`clean_header`].
    pub headers: Vec<String>,
    /// As written in the file, for showing.
    pub labels: Vec<String>,
    pub records: Vec<Record>,
}

impl CsvFile {
    pub fn read(bytes: &[u8]) -> Result<CsvFile, FileProblem> {
        if bytes.len() > MAX_BYTES {
            return Err(FileProblem::TooLarge);
        }
        let text = decode(bytes)?;
        if text.trim().is_empty() {
            return Err(FileProblem::Empty);
        }
        let separator = separator(&text);
        let mut reader = ReaderBuilder::new()
            .delimiter(separator)
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        let mut rows = reader.records();
        let labels = match rows.next() {
            Some(Ok(header)) => header
                .iter()
                .map(|h| h.trim_start_matches('\u{feff}').trim().to_string())
                .collect::<Vec<_>>(),
            Some(Err(err)) => return Err(LineCounter::new(&text).unreadable(&err)),
            None => return Err(FileProblem::Empty),
        };
        let mut records = Vec::new();
        let mut lines = LineCounter::new(&text);
        for row in rows {
            let row: StringRecord = row.map_err(|e| lines.unreadable(&e))?;
            if row.iter().all(|f| f.trim().is_empty()) {
                continue;
            }
            let line = lines.line_of(row.position().map_or(0, |p| p.byte()));
            records.push(Record {
                line,
                // A cell our export made spreadsheet-safe reads as it was typed.
                fields: row
                    .iter()
                    .map(|f| csv_cell::restore(f.trim()).to_string())
                    .collect(),
            });
        }
        if records.is_empty() {
            return Err(FileProblem::NoRows);
        }
        let headers = labels.iter().map(|h| clean_header(h)).collect();
        Ok(CsvFile {
            headers,
            labels,
            records,
        })
    }

    /// The column whose header is `name` (as [`clean_header`] left it).
    pub fn column(&self, name: &str) -> Option<usize> {
        self.headers.iter().position(|h| h == name)
    }

    /// The distinct values of a column, in the order they first appear.
    pub fn distinct(&self, column: usize, limit: usize) -> Vec<String> {
        let mut seen = Vec::new();
        for r in &self.records {
            let v = r.fields.get(column).map(String::as_str).unwrap_or("");
            if !v.is_empty() && !seen.iter().any(|s: &String| s == v) {
                seen.push(v.to_string());
                if seen.len() == limit {
                    break;
                }
            }
        }
        seen
    }
}

/// The line a record starts on. The csv crate's own line numbers drift with
/// CRLF line ends and quoted line breaks, so lines are counted here, from the
/// byte a record begins at, skipping the line ends before it.
struct LineCounter<'a> {
    text: &'a [u8],
    byte: usize,
    line: u64,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a str) -> LineCounter<'a> {
        LineCounter {
            text: text.as_bytes(),
            byte: 0,
            line: 1,
        }
    }

    /// Records come in order, so each count goes on from the last.
    fn line_of(&mut self, byte: u64) -> u64 {
        let mut start = (byte as usize).min(self.text.len());
        while start < self.text.len() && matches!(self.text[start], b'\r' | b'\n') {
            start += 1;
        }
        if start >= self.byte {
            self.line += self.text[self.byte..start]
                .iter()
                .filter(|b| **b == b'\n')
                .count() as u64;
            self.byte = start;
        }
        self.line
    }

    fn unreadable(&mut self, err: &csv::Error) -> FileProblem {
        FileProblem::Unreadable {
            line: self.line_of(err.position().map_or(0, |p| p.byte())),
        }
    }
}

/// UTF-8 with or without a byte-order mark, UTF-16 with one (Excel's
/// "Unicode text"), or Big5 (Excel's CSV in Taiwan). Anything else is not a
/// text file we can read.
fn decode(bytes: &[u8]) -> Result<String, FileProblem> {
    if bytes.is_empty() {
        return Err(FileProblem::Empty);
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(FileProblem::Spreadsheet);
    }
    let utf16 = |le: bool| {
        let units: Vec<u16> = bytes[2..]
            .chunks_exact(2)
            .map(|c| {
                if le {
                    u16::from_le_bytes([c[0], c[1]])
                } else {
                    u16::from_be_bytes([c[0], c[1]])
                }
            })
            .collect();
        String::from_utf16(&units).map_err(|_| FileProblem::NotText)
    };
    let text = if bytes.starts_with(&[0xFF, 0xFE]) {
        utf16(true)?
    } else if bytes.starts_with(&[0xFE, 0xFF]) {
        utf16(false)?
    } else {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        match String::from_utf8(bytes.to_vec()) {
            Ok(text) => text,
            // Excel in Taiwan saves CSV in Big5: read it when it is well formed.
            Err(_) => encoding_rs::BIG5
                .decode_without_bom_handling_and_without_replacement(bytes)
                .map(|text| text.into_owned())
                .ok_or(FileProblem::NotText)?,
        }
    };
    // Control characters other than tabs and line breaks mean a binary file.
    if text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
    {
        return Err(FileProblem::NotText);
    }
    Ok(text)
}

/// The separator of the header line: whichever of comma, semicolon and tab
/// occurs most often outside quotes (comma when none does).
fn separator(text: &str) -> u8 {
    let (mut quoted, mut counts) = (false, [0usize; 3]);
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            '\n' | '\r' if !quoted => break,
            ',' if !quoted => counts[0] += 1,
            ';' if !quoted => counts[1] += 1,
            '\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3).max_by_key(|i| (counts[*i], 3 - i)).unwrap_or(0);
    [b',', b';', b'\t'][best]
}

/// A header as matched: trimmed, spaces collapsed, in lower case.
pub fn clean_header(h: &str) -> String {
    h.trim_start_matches('\u{feff}')
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_quotes_separators_and_line_breaks() {
        let text = "\u{feff}Record ID;Deal Name;Amount\r\n1;\"Big; \"\"quoted\"\"\r\ndeal\";\"1.250,50\"\r\n\r\n2;Small;3\r\n";
        let file = CsvFile::read(text.as_bytes()).unwrap();
        assert_eq!(file.headers, vec!["record id", "deal name", "amount"]);
        assert_eq!(file.records.len(), 2);
        assert_eq!(file.records[0].line, 2);
        assert_eq!(file.records[0].fields[1], "Big; \"quoted\"\r\ndeal");
        assert_eq!(file.records[1].line, 5);
    }

    #[test]
    fn refuses_what_is_not_a_csv_file() {
        assert_eq!(CsvFile::read(b""), Err(FileProblem::Empty));
        assert_eq!(CsvFile::read(b"  \n"), Err(FileProblem::Empty));
        assert_eq!(
            CsvFile::read(b"Record ID,Deal Name\n"),
            Err(FileProblem::NoRows)
        );
        assert_eq!(
            CsvFile::read(b"PK\x03\x04rest"),
            Err(FileProblem::Spreadsheet)
        );
        assert_eq!(
            CsvFile::read(b"\x00\x01\x02binary"),
            Err(FileProblem::NotText)
        );
        assert_eq!(
            CsvFile::read(b"a,b\n\xff\xfe\xfd,1\n"),
            Err(FileProblem::NotText)
        );
        assert_eq!(
            CsvFile::read(&vec![b'a'; MAX_BYTES + 1]),
            Err(FileProblem::TooLarge)
        );
    }

    #[test]
    fn reads_utf16_with_a_byte_order_mark() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "Record ID\tDeal Name\n7\t台北\n".encode_utf16() {
            bytes.extend(u.to_le_bytes());
        }
        let file = CsvFile::read(&bytes).unwrap();
        assert_eq!(file.records[0].fields, vec!["7", "台北"]);
    }

    #[test]
    fn reads_big5_as_excel_in_taiwan_saves_it() {
        let (bytes, _, _) = encoding_rs::BIG5.encode("Record ID,Deal Name\n7,台北雲端\n");
        let file = CsvFile::read(&bytes).unwrap();
        assert_eq!(file.records[0].fields, vec!["7", "台北雲端"]);
    }

    #[test]
    fn picks_the_separator_of_the_header() {
        assert_eq!(separator("a,b,c\n1;2;3"), b',');
        assert_eq!(separator("\"a,x\";b;c\n"), b';');
        assert_eq!(separator("a\tb\n"), b'\t');
        assert_eq!(separator("single\n"), b',');
    }
}
