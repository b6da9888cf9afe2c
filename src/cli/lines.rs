//! Standard input as bounded lines (`channels::console_lines`), read
//! cancel-safely: a read cut short by `select!` goes on where it was.

use escala::channels::console_lines::{Line, LineSplitter};
use tokio::io::{AsyncBufRead, AsyncBufReadExt};

pub struct LineReader<R> {
    inner: R,
    splitter: LineSplitter,
}

impl<R: AsyncBufRead + Unpin> LineReader<R> {
    pub fn new(inner: R, max_bytes: usize) -> LineReader<R> {
        LineReader { inner, splitter: LineSplitter::new(max_bytes) }
    }

    /// The next line; `None` at the end of input. The only await is the
    /// buffer fill, which takes nothing, so cancelling here loses nothing.
    pub async fn next(&mut self) -> std::io::Result<Option<Line>> {
        loop {
            let buf = self.inner.fill_buf().await?;
            if buf.is_empty() {
                return Ok(self.splitter.finish());
            }
            let (used, line) = self.splitter.feed(buf);
            self.inner.consume(used);
            if line.is_some() {
                return Ok(line);
            }
        }
    }
}
