//! Reads which cells of a legacy `.xls` workbook (BIFF8) are formatted as percentages.
//!
//! calamine reads an `.xls` cell's value and uses its number format only to tell dates: a
//! `0%` cell holding 1.5 (it shows 150 %) arrives as the plain number 1.5. This pass walks the
//! workbook stream of the OLE container itself: the number formats (`FORMAT`), the cell styles
//! (`XF`), the sheets (`BOUNDSHEET8`) and, in each sheet, the numeric cells (`NUMBER`, `RK`,
//! `MULRK`, `FORMULA`) with their style. Every count and offset is checked against the bytes
//! there are; it never fails: a container it cannot follow gives no percentages, and calamine
//! reports what is wrong with it.

use std::collections::BTreeMap;

use super::Limits;

/// Percent cells (0-based row, column) of each worksheet, by sheet name, each list sorted.
pub(super) fn percent_cells(bytes: &[u8], limits: &Limits) -> BTreeMap<String, Vec<(u32, u32)>> {
    let mut out = BTreeMap::new();
    let Some(stream) = workbook_stream(bytes) else {
        return out;
    };
    let records = Records::new(&stream);
    let mut custom_percent: Vec<u16> = Vec::new();
    let mut xf_percent: Vec<bool> = Vec::new();
    let mut sheets: Vec<(u32, String)> = Vec::new();
    for (typ, data) in records {
        match typ {
            0x041E if data.len() >= 5 => {
                let ifmt = u16_at(data, 0);
                if unicode_string(&data[2..], 2).contains('%') {
                    custom_percent.push(ifmt);
                }
            }
            0x00E0 if data.len() >= 4 => {
                let ifmt = u16_at(data, 2);
                xf_percent.push(matches!(ifmt, 9 | 10) || custom_percent.contains(&ifmt));
            }
            0x0085 if data.len() >= 8 => {
                let position = u32_at(data, 0);
                if data[5] == 0 {
                    sheets.push((position, unicode_string(&data[6..], 1)));
                }
            }
            0x000A => break, // the end of the workbook globals
            _ => {}
        }
    }
    let max_row = limits
        .max_rows
        .saturating_add(super::HEADER_ROWS as u32 + 1);
    let percent = |xf: u16| xf_percent.get(usize::from(xf)).copied().unwrap_or(false);
    for (position, name) in sheets {
        let Some(sheet) = stream.get(position as usize..) else {
            continue;
        };
        let mut cells = Vec::new();
        let mut mark = |row: u16, col: u16| {
            let (row, col) = (u32::from(row), u32::from(col));
            if row < max_row && col < limits.max_columns {
                cells.push((row, col));
            }
        };
        for (typ, data) in Records::new(sheet).skip(1) {
            match typ {
                0x0203 | 0x027E | 0x0006 if data.len() >= 6 && percent(u16_at(data, 4)) => {
                    mark(u16_at(data, 0), u16_at(data, 2));
                }
                0x00BD if data.len() >= 6 => {
                    let (row, first) = (u16_at(data, 0), u16_at(data, 2));
                    let pairs = (data.len() - 6) / 6;
                    for i in 0..pairs {
                        if percent(u16_at(data, 4 + 6 * i)) {
                            mark(row, first.saturating_add(i as u16));
                        }
                    }
                }
                0x000A | 0x0809 => break, // EOF, or the next substream's BOF
                _ => {}
            }
        }
        cells.sort_unstable();
        cells.dedup();
        out.insert(name, cells);
    }
    out
}

fn u16_at(b: &[u8], at: usize) -> u16 {
    b.get(at..at + 2)
        .map_or(0, |s| u16::from_le_bytes([s[0], s[1]]))
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    b.get(at..at + 4)
        .map_or(0, |s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

/// Reads an `XLUnicodeString` whose character count takes `count_bytes` bytes (1 or 2).
fn unicode_string(b: &[u8], count_bytes: usize) -> String {
    let count = if count_bytes == 1 {
        usize::from(*b.first().unwrap_or(&0))
    } else {
        usize::from(u16_at(b, 0))
    };
    let flags = *b.get(count_bytes).unwrap_or(&0);
    let chars = b.get(count_bytes + 1..).unwrap_or_default();
    if flags & 1 == 0 {
        chars.iter().take(count).map(|&c| char::from(c)).collect()
    } else {
        let units: Vec<u16> = chars
            .chunks_exact(2)
            .take(count)
            .map(|p| u16::from_le_bytes([p[0], p[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    }
}

/// The records of a BIFF stream: (type, data), until the bytes end.
struct Records<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Records<'a> {
    fn new(bytes: &'a [u8]) -> Records<'a> {
        Records { bytes, at: 0 }
    }
}

impl<'a> Iterator for Records<'a> {
    type Item = (u16, &'a [u8]);

    fn next(&mut self) -> Option<(u16, &'a [u8])> {
        let head = self.bytes.get(self.at..self.at + 4)?;
        let typ = u16::from_le_bytes([head[0], head[1]]);
        let len = usize::from(u16::from_le_bytes([head[2], head[3]]));
        let data = self.bytes.get(self.at + 4..self.at + 4 + len)?;
        self.at += 4 + len;
        Some((typ, data))
    }
}

/// Returns the `Workbook` (or `Book`) stream of an OLE compound file, every sector chain
/// followed no further than the file has sectors.
fn workbook_stream(bytes: &[u8]) -> Option<Vec<u8>> {
    let ole = Ole::open(bytes)?;
    let mut dir = Vec::new();
    ole.chain(u32_at(bytes, 48), &mut dir)?;
    let entries: Vec<&[u8]> = dir.chunks_exact(128).collect();
    let root = entries.first()?;
    let entry = ["Workbook", "Book"]
        .iter()
        .find_map(|&name| entries.iter().find(|e| e[66] == 2 && entry_name(e) == name))?;
    let (start, len) = (u32_at(entry, 116), u32_at(entry, 120) as usize);
    let cutoff = u32_at(bytes, 56) as usize;
    let mut stream = Vec::new();
    if len >= cutoff {
        ole.chain(start, &mut stream)?;
    } else {
        ole.mini_chain(u32_at(root, 116), start, &mut stream)?;
    }
    stream.truncate(len);
    Some(stream)
}

/// The name of an OLE directory entry.
fn entry_name(e: &[u8]) -> String {
    let len = usize::from(u16_at(e, 64)).min(64);
    let units: Vec<u16> = e[..len]
        .chunks_exact(2)
        .map(|p| u16::from_le_bytes([p[0], p[1]]))
        .take_while(|&u| u != 0)
        .collect();
    String::from_utf16_lossy(&units)
}

/// An OLE compound file's sectors and its allocation table, every count bounded by the
/// sectors the file really has.
struct Ole<'a> {
    bytes: &'a [u8],
    size: usize,
    mini_shift: u32,
    sectors: usize,
    fat: Vec<u32>,
}

impl<'a> Ole<'a> {
    /// Reads the header and the allocation table, from the header's list of its sectors and
    /// that list's continuation sectors.
    fn open(bytes: &'a [u8]) -> Option<Ole<'a>> {
        let shift = u32::from(u16_at(bytes, 30));
        let mini_shift = u32::from(u16_at(bytes, 32));
        if !(7..=16).contains(&shift) || mini_shift >= shift {
            return None;
        }
        let size = 1usize << shift;
        let mut ole = Ole {
            bytes,
            size,
            mini_shift,
            sectors: bytes.len() / size,
            fat: Vec::new(),
        };
        let mut fat_sectors: Vec<u32> = (0..109).map(|i| u32_at(bytes, 76 + 4 * i)).collect();
        let mut difat = u32_at(bytes, 68);
        let mut hops = 0;
        while difat < 0xFFFF_FFFA && hops <= ole.sectors {
            let s = ole.sector(difat)?;
            let per = size / 4 - 1;
            fat_sectors.extend((0..per).map(|i| u32_at(s, 4 * i)));
            difat = u32_at(s, 4 * per);
            hops += 1;
        }
        let mut fat: Vec<u32> = Vec::new();
        for &s in fat_sectors.iter().filter(|&&s| s < 0xFFFF_FFFA) {
            fat.extend(
                ole.sector(s)?
                    .chunks_exact(4)
                    .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])),
            );
            if fat.len() > ole.sectors.saturating_mul(2) + 1024 {
                break;
            }
        }
        ole.fat = fat;
        Some(ole)
    }

    /// Returns sector `n`, if the file has it.
    fn sector(&self, n: u32) -> Option<&'a [u8]> {
        let start = (n as usize).checked_add(1)?.checked_mul(self.size)?;
        self.bytes.get(start..start.checked_add(self.size)?)
    }

    /// Appends the sectors of the chain that starts at `first` to `out`.
    fn chain(&self, first: u32, out: &mut Vec<u8>) -> Option<()> {
        let mut n = first;
        let mut hops = 0;
        while n < 0xFFFF_FFFA {
            out.extend_from_slice(self.sector(n)?);
            n = *self.fat.get(n as usize)?;
            hops += 1;
            if hops > self.sectors {
                return None;
            }
        }
        Some(())
    }

    /// Appends a small stream to `out`: it lives in the mini stream (the chain that starts at
    /// `mini_start`), in mini sectors chained by the mini allocation table from `first`.
    fn mini_chain(&self, mini_start: u32, first: u32, out: &mut Vec<u8>) -> Option<()> {
        let mut mini_stream = Vec::new();
        self.chain(mini_start, &mut mini_stream)?;
        let mut mini_fat_bytes = Vec::new();
        self.chain(u32_at(self.bytes, 60), &mut mini_fat_bytes)?;
        let mini_fat: Vec<u32> = mini_fat_bytes
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        let mini = 1usize << self.mini_shift;
        let mut n = first;
        let mut hops = 0;
        while n < 0xFFFF_FFFA && hops <= mini_fat.len() {
            let at = (n as usize).checked_mul(mini)?;
            out.extend_from_slice(mini_stream.get(at..at + mini)?);
            n = *mini_fat.get(n as usize)?;
            hops += 1;
        }
        Some(())
    }
}
