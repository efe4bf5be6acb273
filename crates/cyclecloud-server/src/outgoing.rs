//! Everything the server sends goes through one writer, fed from two sides:
//! tower-lsp-server's framed output (requests and notifications to the client) and what the
//! server serialises itself: publishes ([`Outbox::publish_diagnostics`]) and responses
//! ([`Outbox::respond`], why in [`crate::ordered_sync`]).
//!
//! Why the second side: tower-lsp-server turns a notification's parameters into a
//! `serde_json::Value` before writing it. For a large template's diagnostics that tree of maps
//! costs far more than the JSON text: on the 10 MB bench template (24,535 diagnostics, 13.5 MB
//! of JSON) building the `Value` took about 60 ms and freeing it 88 ms, against 11 ms to write
//! the same parameters straight to text. Publishes therefore skip the `Value`.
//!
//! Order: frames enter one channel in the order they are complete, and the writer writes them
//! in that order, so two publishes of a document never swap (they are sent under the publish
//! lock). A response enters when its handler has finished, as it did in tower-lsp-server's
//! writer; the protocol orders neither responses nor notifications among themselves.

use std::collections::VecDeque;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::task::{ready, Context, Poll};
use std::time::Duration;

use tokio::io::{AsyncWrite, AsyncWriteExt};
use tokio::sync::mpsc;
use tokio_util::sync::PollSender;
use tower_lsp_server::jsonrpc::{Id, Response};
use tower_lsp_server::ls_types::Uri;

use crate::stdio_transport::Output;

/// Frames waiting for the writer: a few, so that a client that stops reading holds the
/// publishers back (as a full pipe holds tower-lsp-server's writer back) instead of the queue
/// growing without bound.
const QUEUE: usize = 8;

/// Where the server's own frames go: cheap to clone, one per server.
#[derive(Clone)]
pub struct Outbox {
    frames: mpsc::Sender<Frame>,
}

/// One message as it is written, in pieces written one after the other: a frame
/// tower-lsp-server wrote comes whole, as one piece; a publish comes as its `Content-Length`
/// header and its body in pieces, so that large pieces are not copied into one.
struct Frame {
    pieces: Vec<Vec<u8>>,
}

impl Outbox {
    /// Sends `textDocument/publishDiagnostics` for `uri` at `version`, its diagnostics given as
    /// the pieces of one JSON array of LSP diagnostics, without building a `serde_json::Value`.
    /// Nothing is sent once the writer has stopped.
    pub async fn publish_diagnostics(
        &self,
        uri: &Uri,
        version: Option<i32>,
        diagnostics: Vec<Vec<u8>>,
    ) {
        let mut start =
            br#"{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"#
                .to_vec();
        // Serialising a URI (a string) cannot fail.
        let _ = serde_json::to_writer(&mut start, uri);
        start.extend_from_slice(br#","diagnostics":"#);
        // As LSP types write it: no `version` at all when there is none.
        let end = match version {
            Some(version) => format!(r#","version":{version}}}}}"#).into_bytes(),
            None => b"}}".to_vec(),
        };
        let length = start.len() + diagnostics.iter().map(Vec::len).sum::<usize>() + end.len();
        // The pieces moved in, not copied (`concat` clones each one: two copies of a 10 MB
        // template's diagnostics a keystroke).
        let mut pieces = Vec::with_capacity(diagnostics.len() + 3);
        pieces.extend([content_length_header(length), start]);
        pieces.extend(diagnostics);
        pieces.push(end);
        let frame = Frame { pieces };
        let _ = self.frames.send(frame).await;
    }

    /// Sends the response to request `id` whose result is `result`, already JSON text (see
    /// `large_answers.rs`), and returns its length in bytes.
    pub async fn respond_with_result(&self, id: &Id, result: Vec<u8>) -> usize {
        let mut start = br#"{"jsonrpc":"2.0","id":"#.to_vec();
        // An id is a number, a string or null: it always serialises.
        let _ = serde_json::to_writer(&mut start, id);
        start.extend_from_slice(br#","result":"#);
        let length = start.len() + result.len() + 1;
        let frame = Frame {
            pieces: vec![content_length_header(length), start, result, b"}".to_vec()],
        };
        let _ = self.frames.send(frame).await;
        length
    }

    /// Sends the response to a request, serialised here (see [`crate::ordered_sync`] for why),
    /// and returns its length in bytes. Nothing is sent once the writer has stopped.
    pub async fn respond(&self, response: &Response) -> usize {
        let Ok(body) = serde_json::to_vec(response) else {
            return 0; // A JSON value and an id always serialise.
        };
        let length = body.len();
        let frame = Frame {
            pieces: vec![content_length_header(length), body],
        };
        let _ = self.frames.send(frame).await;
        length
    }
}

/// The base protocol's header for a body of `length` bytes.
fn content_length_header(length: usize) -> Vec<u8> {
    format!("Content-Length: {length}\r\n\r\n").into_bytes()
}

/// `body` with its header, as the base protocol frames a message.
#[cfg(test)]
fn frame(body: &[u8]) -> Vec<u8> {
    [content_length_header(body.len()).as_slice(), body].concat()
}

/// The writer of `output`: the stream to give tower-lsp-server, the outbox for the server's
/// own frames, and the writer of both.
pub fn start(output: Output) -> (FrameSplitter, Outbox, Writer) {
    let (sender, receiver) = mpsc::channel::<Frame>(QUEUE);
    let splitter = FrameSplitter {
        frames: PollSender::new(sender.clone()),
        partial: Vec::new(),
        complete: VecDeque::new(),
    };
    (
        splitter,
        Outbox { frames: sender },
        Writer { output, receiver },
    )
}

/// Writes the frames, in the order they arrive, on the task that runs the session: the session
/// (tower-lsp-server's serve loop, where every handler runs) and the writing are polled by one
/// thread, so a publish reaches stdout without waking another thread (a spawned writer task
/// added about 0.1 ms per keystroke on this project's VM).
pub struct Writer {
    output: Output,
    receiver: mpsc::Receiver<Frame>,
}

impl Writer {
    /// Runs `session` while writing; once it ends, writes what is still queued (for at most
    /// `limit`, in case the client no longer reads) and returns the session's result. The two
    /// are polled in turn (`join!`), so a long write never stops the session from reading.
    pub async fn run<T>(self, session: impl Future<Output = T>, limit: Duration) -> T {
        let (ended, end) = tokio::sync::oneshot::channel();
        let session = async move {
            let result = session.await;
            let _ = ended.send(());
            result
        };
        let (result, ()) = tokio::join!(session, self.write(end, limit));
        result
    }

    /// Writes frames until `end`, then those already queued.
    async fn write(self, mut end: tokio::sync::oneshot::Receiver<()>, limit: Duration) {
        let Writer {
            mut output,
            mut receiver,
        } = self;
        loop {
            tokio::select! {
                _ = &mut end => break,
                frame = receiver.recv() => match frame {
                    Some(frame) => {
                        if write_frame(&mut output, &receiver, &frame).await.is_err() {
                            // The client is gone; the session ends when its input does.
                            receiver.close();
                            let _ = end.await;
                            return;
                        }
                    }
                    None => {
                        let _ = end.await;
                        return;
                    }
                },
            }
        }
        // Senders still waiting get an error; frames already queued are written.
        receiver.close();
        let drain = async {
            while let Some(frame) = receiver.recv().await {
                if write_frame(&mut output, &receiver, &frame).await.is_err() {
                    return;
                }
            }
            let _ = output.flush().await;
        };
        let _ = tokio::time::timeout(limit, drain).await;
    }
}

/// Writes one frame; flushes when nothing else is waiting, so bursts go out in fewer writes.
///
/// The pieces go out together (`writev`), not one `write` each: the client's reader wakes
/// once per publish instead of once per piece, and a small publish takes one system call
/// instead of four.
async fn write_frame(
    output: &mut Output,
    receiver: &mpsc::Receiver<Frame>,
    frame: &Frame,
) -> io::Result<()> {
    let mut slices: Vec<io::IoSlice<'_>> = frame
        .pieces
        .iter()
        .map(|piece| io::IoSlice::new(piece))
        .collect();
    let mut unwritten = &mut slices[..];
    // Leading empty pieces dropped (each write drops those it reaches): a write of nothing
    // returns 0, which would read as a closed pipe.
    io::IoSlice::advance_slices(&mut unwritten, 0);
    while !unwritten.is_empty() {
        let written = output.write_vectored(unwritten).await?;
        if written == 0 {
            return Err(io::ErrorKind::WriteZero.into());
        }
        io::IoSlice::advance_slices(&mut unwritten, written);
    }
    if receiver.is_empty() {
        output.flush().await?;
    }
    Ok(())
}

/// The byte stream tower-lsp-server writes its framed messages to. It cuts the stream back into
/// whole frames (by their `Content-Length`), so that the writer never puts one of the server's
/// own frames in the middle of one of tower-lsp-server's.
pub struct FrameSplitter {
    frames: PollSender<Frame>,
    /// Bytes of a frame not yet complete.
    partial: Vec<u8>,
    /// Complete frames the channel had no room for yet.
    complete: VecDeque<Vec<u8>>,
}

impl FrameSplitter {
    /// Moves complete frames from `partial` to `complete`.
    fn cut(&mut self) {
        while let Some(length) = frame_length(&self.partial) {
            let rest = self.partial.split_off(length);
            self.complete
                .push_back(std::mem::replace(&mut self.partial, rest));
        }
    }

    /// Hands every complete frame to the writer; pending while the channel is full.
    fn poll_hand_over(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        while let Some(frame) = self.complete.pop_front() {
            match self.frames.poll_reserve(cx) {
                Poll::Ready(Ok(())) => {
                    let frame = Frame {
                        pieces: vec![frame],
                    };
                    if self.frames.send_item(frame).is_err() {
                        return Poll::Ready(Err(closed()));
                    }
                }
                Poll::Ready(Err(_)) => return Poll::Ready(Err(closed())),
                Poll::Pending => {
                    self.complete.push_front(frame);
                    return Poll::Pending;
                }
            }
        }
        Poll::Ready(Ok(()))
    }
}

fn closed() -> io::Error {
    io::Error::new(io::ErrorKind::BrokenPipe, "the output writer has stopped")
}

/// The length of the first frame in `bytes` when it is complete: its header up to the blank
/// line, then as many bytes as its `Content-Length` says. A header without a readable length
/// (never written by tower-lsp-server) ends the frame at the blank line, so no byte is held
/// back for ever.
fn frame_length(bytes: &[u8]) -> Option<usize> {
    let header_end = bytes.windows(4).position(|window| window == b"\r\n\r\n")? + 4;
    let header = std::str::from_utf8(&bytes[..header_end]).ok();
    let body = header
        .into_iter()
        .flat_map(str::lines)
        .find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.trim()
                .eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse::<usize>().ok())?
        })
        .unwrap_or(0);
    let length = header_end.checked_add(body)?;
    (bytes.len() >= length).then_some(length)
}

impl AsyncWrite for FrameSplitter {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        // Frames the writer has not taken yet come first: that is the back pressure.
        ready!(this.poll_hand_over(cx))?;
        this.partial.extend_from_slice(buf);
        this.cut();
        // Handed over now or on the next write or flush.
        let _ = this.poll_hand_over(cx)?;
        Poll::Ready(Ok(buf.len()))
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.get_mut().poll_hand_over(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        ready!(this.poll_hand_over(cx))?;
        this.frames.close();
        Poll::Ready(Ok(()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_frame_is_complete_only_with_its_whole_body() {
        let framed = frame(br#"{"id":1}"#);
        assert_eq!(frame_length(&framed), Some(framed.len()));
        assert_eq!(frame_length(&framed[..framed.len() - 1]), None);
        assert_eq!(frame_length(b"Content-Length: 3\r\n"), None);
        let mut two = framed.clone();
        two.extend_from_slice(&framed);
        assert_eq!(frame_length(&two), Some(framed.len()));
    }

    #[test]
    fn a_header_without_a_length_ends_at_its_blank_line() {
        assert_eq!(frame_length(b"X-Other: 1\r\n\r\nrest"), Some(14));
        assert_eq!(
            frame_length(b"content-length : 2\r\nContent-Type: x\r\n\r\n{}"),
            Some(41)
        );
    }

    /// Bytes written in pieces of any size come out as whole frames, in order, between which
    /// the outbox's own frames may go but never inside one.
    #[tokio::test]
    async fn frames_written_in_pieces_come_out_whole_and_in_order() {
        let (reader, writer) = tokio::io::duplex(1 << 20);
        let (mut splitter, outbox, writer) = start(Box::pin(writer));
        // More frames than the queue holds: the session waits for the writer in between.
        let frames: Vec<Vec<u8>> = (0..20)
            .map(|n| frame(format!(r#"{{"id":{n},"pad":"{}"}}"#, "x".repeat(n * 37)).as_bytes()))
            .collect();
        let session = async {
            let stream: Vec<u8> = frames.concat();
            for piece in stream.chunks(7) {
                splitter.write_all(piece).await.unwrap();
            }
            splitter.flush().await.unwrap();
            let uri = "file:///t.txt".parse().unwrap();
            let diagnostics = [&b"[{\"message\":\"a\","[..], b"\"range\":1}", b"]"];
            let diagnostics = diagnostics.map(<[u8]>::to_vec).to_vec();
            outbox.publish_diagnostics(&uri, Some(3), diagnostics).await;
            outbox
                .publish_diagnostics(&uri, None, vec![b"[]".to_vec()])
                .await;
            let response = Response::from_ok(7.into(), serde_json::json!({ "contents": "é" }));
            let length = outbox.respond(&response).await;
            assert_eq!(length, serde_json::to_vec(&response).unwrap().len());
            splitter.shutdown().await.unwrap();
        };
        writer.run(session, Duration::from_secs(5)).await;
        drop(outbox);
        let mut written = Vec::new();
        let mut reader = reader;
        tokio::io::AsyncReadExt::read_to_end(&mut reader, &mut written)
            .await
            .unwrap();
        let mut rest = &written[..];
        let mut seen = Vec::new();
        while let Some(length) = frame_length(rest) {
            seen.push(rest[..length].to_vec());
            rest = &rest[length..];
        }
        assert!(rest.is_empty());
        assert_eq!(seen[..20], frames[..]);
        let publish = String::from_utf8(seen[20].clone()).unwrap();
        let body = publish.split("\r\n\r\n").nth(1).unwrap();
        let value: serde_json::Value = serde_json::from_str(body).unwrap();
        assert_eq!(value["method"], "textDocument/publishDiagnostics");
        assert_eq!(value["params"]["version"], 3);
        assert_eq!(value["params"]["uri"], "file:///t.txt");
        assert_eq!(value["params"]["diagnostics"][0]["message"], "a");
        // A publish without a version (a closed document's) leaves the field out.
        let publish = String::from_utf8(seen[21].clone()).unwrap();
        let body = publish.split("\r\n\r\n").nth(1).unwrap();
        let value: serde_json::Value = serde_json::from_str(body).unwrap();
        assert_eq!(value["params"]["diagnostics"], serde_json::json!([]));
        assert!(value["params"].get("version").is_none(), "{body}");
        assert_eq!(value["jsonrpc"], "2.0");
        let response = String::from_utf8(seen[22].clone()).unwrap();
        let body = response.split("\r\n\r\n").nth(1).unwrap();
        let value: serde_json::Value = serde_json::from_str(body).unwrap();
        assert_eq!(value["id"], 7);
        assert_eq!(value["result"]["contents"], "é");
        assert_eq!(seen.len(), 23);
    }

    /// A frame's pieces, empty ones among them, come out whole and in order when the output
    /// takes a few bytes at a time (a full pipe): each vectored write continues where the
    /// last one stopped, inside a piece or between two.
    #[tokio::test]
    async fn pieces_written_a_few_bytes_at_a_time_come_out_whole() {
        let (mut reader, writer) = tokio::io::duplex(5);
        let (_splitter, outbox, writer) = start(Box::pin(writer));
        let pieces: Vec<Vec<u8>> = ["[", "", "{\"message\":\"é\"}", "", "", ",", "{}", "]"]
            .map(|piece| piece.as_bytes().to_vec())
            .to_vec();
        let expected = pieces.concat();
        let session = async move {
            let uri = "file:///t.txt".parse().unwrap();
            outbox.publish_diagnostics(&uri, Some(1), pieces).await;
        };
        let read = async {
            let mut written = Vec::new();
            tokio::io::AsyncReadExt::read_to_end(&mut reader, &mut written)
                .await
                .unwrap();
            written
        };
        let ((), written) = tokio::join!(writer.run(session, Duration::from_secs(5)), read);
        let length = frame_length(&written).expect("one whole frame");
        assert_eq!(length, written.len());
        let body = &written[written.windows(4).position(|w| w == b"\r\n\r\n").unwrap() + 4..];
        let value: serde_json::Value = serde_json::from_slice(body).unwrap();
        let diagnostics = serde_json::to_vec(&value["params"]["diagnostics"]).unwrap();
        assert_eq!(diagnostics, expected);
        assert_eq!(value["params"]["version"], 1);
    }
}
