//! Lines from standard input with a bound on their length: a line longer
//! than the bound is skipped as it streams past, so a 100 MB line costs a
//! buffer of the bound, not 100 MB. Reading is cancel-safe: a read cut
//! short by `select!` goes on where it was at the next call.

use tokio::io::{AsyncBufRead, AsyncBufReadExt};

/// What one read produced.
#[derive(Debug, PartialEq, Eq)]
pub enum Line {
    /// A line within the bound, without its line end.
    Text(Vec<u8>),
    /// A line over the bound; it was skipped.
    TooLong,
}

pub struct LineReader<R> {
    inner: R,
    max_bytes: usize,
    line: Vec<u8>,
    too_long: bool,
}

impl<R: AsyncBufRead + Unpin> LineReader<R> {
    pub fn new(inner: R, max_bytes: usize) -> LineReader<R> {
        LineReader { inner, max_bytes, line: Vec::new(), too_long: false }
    }

    /// The next line; `None` at the end of input.
    pub async fn next(&mut self) -> std::io::Result<Option<Line>> {
        loop {
            let buf = self.inner.fill_buf().await?;
            if buf.is_empty() {
                // End of input: a last line without a line end still counts.
                if self.line.is_empty() && !self.too_long {
                    return Ok(None);
                }
                return Ok(Some(self.take()));
            }
            let (chunk, ends) = match buf.iter().position(|&b| b == b'\n') {
                Some(at) => (&buf[..at], Some(at + 1)),
                None => (buf, None),
            };
            if !self.too_long {
                if self.line.len() + chunk.len() <= self.max_bytes {
                    self.line.extend_from_slice(chunk);
                } else {
                    self.too_long = true;
                    self.line = Vec::new();
                }
            }
            let used = ends.unwrap_or(buf.len());
            self.inner.consume(used);
            if ends.is_some() {
                return Ok(Some(self.take()));
            }
        }
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

    async fn lines(input: &[u8], max: usize) -> Vec<Line> {
        let mut reader = LineReader::new(tokio::io::BufReader::with_capacity(4, input), max);
        let mut out = Vec::new();
        while let Some(line) = reader.next().await.unwrap() {
            out.push(line);
        }
        out
    }

    #[tokio::test]
    async fn a_line_over_the_bound_is_skipped_and_the_next_one_read() {
        let input = [b"short\r\n".as_slice(), &[b'x'; 100], b"\nafter\nlast"].concat();
        assert_eq!(
            lines(&input, 10).await,
            vec![
                Line::Text(b"short".to_vec()),
                Line::TooLong,
                Line::Text(b"after".to_vec()),
                Line::Text(b"last".to_vec())
            ]
        );
        assert_eq!(lines(b"", 10).await, vec![]);
        assert_eq!(lines(b"\n", 10).await, vec![Line::Text(Vec::new())]);
    }
}
