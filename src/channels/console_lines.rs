//! Lines typed at the console, with a bound on their length: a line longer
//! than the bound is skipped as it streams past, so a 100 MB line costs a
//! buffer of the bound, not 100 MB. The splitter is fed whatever chunks
//! the reader got; it never holds more than the bound.

/// What a finished line is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    /// A line within the bound, without its line end (`\n` or `\r\n`).
    Text(Vec<u8>),
    /// A line over the bound; it was skipped.
    TooLong,
}

#[derive(Debug)]
pub struct LineSplitter {
    max_bytes: usize,
    line: Vec<u8>,
    too_long: bool,
}

impl LineSplitter {
    pub fn new(max_bytes: usize) -> LineSplitter {
        LineSplitter { max_bytes, line: Vec::new(), too_long: false }
    }

    /// Takes bytes from `chunk` up to and including the first line end:
    /// how many it took, and the line if it ended.
    pub fn feed(&mut self, chunk: &[u8]) -> (usize, Option<Line>) {
        let (text, ends) = match chunk.iter().position(|&b| b == b'\n') {
            Some(at) => (&chunk[..at], Some(at + 1)),
            None => (chunk, None),
        };
        if !self.too_long {
            if self.line.len() + text.len() <= self.max_bytes {
                self.line.extend_from_slice(text);
            } else {
                self.too_long = true;
                self.line = Vec::new();
            }
        }
        match ends {
            Some(used) => (used, Some(self.take())),
            None => (chunk.len(), None),
        }
    }

    /// The end of input: the last line, if it had no line end.
    pub fn finish(&mut self) -> Option<Line> {
        (!self.line.is_empty() || self.too_long).then(|| self.take())
    }

    fn take(&mut self) -> Line {
        let too_long = std::mem::take(&mut self.too_long);
        let mut line = std::mem::take(&mut self.line);
        if line.last() == Some(&b'\r') {
            line.pop();
        }
        if too_long {
            Line::TooLong
        } else {
            Line::Text(line)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(input: &[u8], chunk: usize, max: usize) -> Vec<Line> {
        let mut splitter = LineSplitter::new(max);
        let mut out = Vec::new();
        for piece in input.chunks(chunk) {
            let mut rest = piece;
            while !rest.is_empty() {
                let (used, line) = splitter.feed(rest);
                out.extend(line);
                rest = &rest[used..];
            }
        }
        out.extend(splitter.finish());
        out
    }

    #[test]
    fn a_line_over_the_bound_is_skipped_and_the_next_one_read_whatever_the_chunks() {
        let input = [b"short\r\n".as_slice(), &[b'x'; 100], b"\nafter\nlast"].concat();
        let expected = vec![
            Line::Text(b"short".to_vec()),
            Line::TooLong,
            Line::Text(b"after".to_vec()),
            Line::Text(b"last".to_vec()),
        ];
        for chunk in [1, 3, 7, 64, 1000] {
            assert_eq!(lines(&input, chunk, 10), expected, "chunks of {chunk}");
        }
        assert_eq!(lines(b"", 4, 10), vec![]);
        assert_eq!(lines(b"\n", 4, 10), vec![Line::Text(Vec::new())]);
    }
}
