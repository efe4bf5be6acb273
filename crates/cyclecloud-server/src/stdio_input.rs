//! The reading side of the stdio transport: frames are read here, bounded, before
//! tower-lsp-server's codec sees them.
//!
//! tower-lsp-server answers an undecodable frame with `-32700`, but its reader (tokio-util's
//! `FramedRead`, tokio issue 3976) then ends, so one malformed message made the server exit;
//! and it buffers input without bound while waiting for the body of a huge `Content-Length`.
//! [`BoundedInput`] passes every well-formed message through (re-framed with a plain
//! `Content-Length` header, body unchanged) and replaces a malformed one with an
//! [`INVALID_MESSAGE_METHOD`] request that [`crate::ordered_sync::OrderedSync`] answers with the
//! JSON-RPC error (`-32700` parse error, `-32600` invalid request), so the session goes on. A
//! frame without a usable `Content-Length` is skipped up to the next `Content-Length`. A length
//! above [`MAX_CONTENT_LENGTH`] or a header line above [`MAX_HEADER_LINE`] cannot be skipped
//! safely: it is answered, logged on stderr, and the input ends (the server exits, code 1).
//!
//! A request whose body is larger than `KEEP_BUFFER` (64 KiB) is decoded here, once, and set
//! aside in [`LargeRequests`]; tower-lsp-server reads a short [`LARGE_REQUEST_METHOD`]
//! placeholder in its place, which `OrderedSync` swaps back. Its reader keeps its buffer as large
//! as the largest message it has read, for the rest of the session (4 MiB after opening a
//! 100,000-line template, 16 MiB after a 10 MB one); this way no request grows it past 128 KiB.
//! Responses (the client's answers to the server, all small) pass through: the transport routes
//! them.
//!
//! It is an [`AsyncRead`] adapter, not a task feeding a pipe: the frame parser runs inside
//! `poll_read`, on the server's own reading task, so a keystroke costs no extra task wake-up.

use std::collections::VecDeque;
use std::io;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{ready, Context, Poll};

use serde_json::{json, Value};
use tokio::io::{AsyncRead, ReadBuf};
use tower_lsp_server::jsonrpc::{Request, Response};

/// The largest message body accepted (a 10 MB template, JSON-escaped, fits several times).
pub const MAX_CONTENT_LENGTH: usize = 64 << 20;
/// The longest header line accepted; real headers are under 100 bytes.
pub const MAX_HEADER_LINE: usize = 8 << 10;
/// The method of the request a malformed message is replaced with (params: `code`, `message`).
pub const INVALID_MESSAGE_METHOD: &str = "$/cyclecloud-lsp/invalidMessage";

/// The method of the placeholder a large request is handed on as (its id, when it has one, is
/// the request's).
pub const LARGE_REQUEST_METHOD: &str = "$/cyclecloud-lsp/largeRequest";

/// The header a frame starts with, where reading resumes after a broken frame.
const MARKER: &[u8] = b"Content-Length";
/// JSON-RPC's "Parse error".
const PARSE_ERROR: i64 = -32700;
/// JSON-RPC's "Invalid Request".
const INVALID_REQUEST: i64 = -32600;
/// The least room offered to each read of the inner input.
const READ_CHUNK: usize = 8 << 10;
/// An emptied input buffer larger than this (after a big message) is given back, and a request
/// body larger than this is set aside instead of handed on.
const KEEP_BUFFER: usize = 64 << 10;

/// Large requests decoded by [`BoundedInput`], waiting in arrival order for `OrderedSync` to
/// take them when their placeholders arrive (see the module documentation).
#[derive(Debug, Default)]
pub struct LargeRequests(Mutex<VecDeque<Request>>);

impl LargeRequests {
    fn push(&self, request: Request) {
        self.queue().push_back(request);
    }

    /// The oldest request set aside; `None` when none waits.
    pub fn take(&self) -> Option<Request> {
        self.queue().pop_front()
    }

    fn queue(&self) -> std::sync::MutexGuard<'_, VecDeque<Request>> {
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Where the parser is within the current frame.
enum State {
    /// Reading header lines; `saw_header` tells a frame's blank line from blank lines between
    /// messages.
    Header {
        content_length: Option<Result<usize, String>>,
        saw_header: bool,
    },
    /// Waiting until the whole body of this length is buffered.
    Body(usize),
    /// A broken frame's body has no known end: input is skipped up to the next `Content-Length`.
    Skip,
    /// Nothing more is passed on; the reader reports the end of input.
    Ended,
}

impl State {
    fn header() -> State {
        State::Header {
            content_length: None,
            saw_header: false,
        }
    }
}

/// Stdin as the LSP server should read it: bounded, with malformed frames replaced by
/// [`INVALID_MESSAGE_METHOD`] requests (see the module documentation).
pub struct BoundedInput<R> {
    inner: R,
    /// Input read but not yet passed on is `buffer[start..end]`; the rest is spare room.
    buffer: Vec<u8>,
    start: usize,
    end: usize,
    inner_ended: bool,
    state: State,
    /// Bytes to hand on first: a frame header or a replacement request.
    output: Vec<u8>,
    served: usize,
    /// Bytes of a checked body at `buffer[start..]`, handed on after `output`.
    body_left: usize,
    large: Arc<LargeRequests>,
}

impl<R: AsyncRead + Unpin> BoundedInput<R> {
    /// Wraps `inner`, typically `tokio::io::stdin()`.
    pub fn new(inner: R) -> Self {
        BoundedInput {
            inner,
            buffer: Vec::new(),
            start: 0,
            end: 0,
            inner_ended: false,
            state: State::header(),
            output: Vec::new(),
            served: 0,
            body_left: 0,
            large: Arc::default(),
        }
    }

    /// Where the requests this input sets aside wait, for `OrderedSync` to take.
    pub fn large_requests(&self) -> Arc<LargeRequests> {
        Arc::clone(&self.large)
    }

    /// Parses buffered input until there is something to hand on (true) or more input is
    /// needed (false).
    fn advance(&mut self) -> bool {
        loop {
            match self.state {
                State::Ended => return true,
                State::Skip => {
                    let data = &self.buffer[self.start..self.end];
                    if let Some(at) = find(data, MARKER) {
                        self.start += at;
                        self.state = State::header();
                        continue;
                    }
                    // Keep what may be the start of a marker split across reads.
                    self.start = self.end.saturating_sub(MARKER.len() - 1).max(self.start);
                    return false;
                }
                State::Body(length) => {
                    if self.end - self.start < length {
                        return false;
                    }
                    let body = &self.buffer[self.start..self.start + length];
                    match check_body(body) {
                        Checked::PassOn => {
                            self.output = header(length);
                            self.body_left = length;
                        }
                        Checked::SetAside(request) => {
                            let id = serde_json::to_value(request.id()).unwrap_or(Value::Null);
                            let mut placeholder = json!({
                                "jsonrpc": "2.0",
                                "method": LARGE_REQUEST_METHOD,
                            });
                            if !id.is_null() {
                                placeholder["id"] = id;
                            }
                            self.large.push(request);
                            self.output = framed_json(&placeholder);
                            self.start += length;
                        }
                        Checked::Replace(replacement) => {
                            self.output = replacement;
                            self.start += length;
                        }
                    }
                    self.state = State::header();
                    return true;
                }
                State::Header { .. } => {
                    if let Some(handed_on) = self.header_line() {
                        return handed_on;
                    }
                }
            }
        }
    }

    /// Consumes one header line: `None` to go on parsing, else what [`Self::advance`] returns.
    fn header_line(&mut self) -> Option<bool> {
        let data = &self.buffer[self.start..self.end];
        let limit = data.len().min(MAX_HEADER_LINE);
        let Some(newline) = data[..limit].iter().position(|&byte| byte == b'\n') else {
            if data.len() < MAX_HEADER_LINE {
                return Some(false);
            }
            let message = format!("a header line longer than {MAX_HEADER_LINE} bytes");
            self.reject(Value::Null, PARSE_ERROR, message, State::Ended);
            return Some(true);
        };
        let mut line = &data[..=newline];
        self.start += newline + 1;
        // Leftovers of a body shorter than its Content-Length said may precede a real header.
        if let Some(at) = find(line, MARKER) {
            line = &line[at..];
        }
        let text = String::from_utf8_lossy(line);
        let text = text.trim_end_matches(['\r', '\n']);
        let State::Header {
            content_length,
            saw_header,
        } = &mut self.state
        else {
            return None;
        };
        if !text.is_empty() {
            *saw_header = true;
            if let Some((name, value)) = text.split_once(':') {
                if name.trim().eq_ignore_ascii_case("content-length") {
                    *content_length = Some(
                        value
                            .trim()
                            .parse::<usize>()
                            .map_err(|_| format!("invalid Content-Length {:?}", value.trim())),
                    );
                }
            }
            return None;
        }
        if !*saw_header {
            return None; // Blank lines between messages.
        }
        match content_length.take() {
            Some(Ok(length)) if length > MAX_CONTENT_LENGTH => {
                let message = format!(
                    "Content-Length {length} exceeds the limit of {MAX_CONTENT_LENGTH} bytes"
                );
                self.reject(Value::Null, INVALID_REQUEST, message, State::Ended);
                Some(true)
            }
            Some(Ok(length)) => {
                self.state = State::Body(length);
                None
            }
            broken => {
                let message = match broken {
                    Some(Err(message)) => message,
                    _ => "a message without Content-Length".to_owned(),
                };
                // The error is answered before skipping, so a client waiting for it is not
                // kept waiting for its next message.
                self.reject(Value::Null, PARSE_ERROR, message, State::Skip);
                Some(true)
            }
        }
    }

    fn reject(&mut self, id: Value, code: i64, message: String, then: State) {
        self.output = invalid(id, code, message);
        self.state = then;
    }

    /// Reads more of the inner input into the buffer, with room for a whole awaited body.
    fn poll_fill(&mut self, cx: &mut Context<'_>) -> Poll<()> {
        if self.start == self.end {
            (self.start, self.end) = (0, 0);
            if self.buffer.len() > KEEP_BUFFER {
                self.buffer = Vec::new();
            }
        } else if self.start > 0 {
            self.buffer.copy_within(self.start..self.end, 0);
            (self.start, self.end) = (0, self.end - self.start);
        }
        let awaited = match self.state {
            State::Body(length) => length - self.end,
            _ => 0,
        };
        let room = awaited.max(READ_CHUNK);
        if self.buffer.len() - self.end < room {
            self.buffer.resize(self.end + room, 0);
        }
        let mut read = ReadBuf::new(&mut self.buffer[self.end..]);
        match ready!(Pin::new(&mut self.inner).poll_read(cx, &mut read)) {
            Ok(()) if !read.filled().is_empty() => self.end += read.filled().len(),
            Ok(()) => self.inner_ended = true,
            Err(error) => {
                eprintln!("cyclecloud-lsp: cannot read stdin: {error}");
                self.inner_ended = true;
            }
        }
        Poll::Ready(())
    }
}

impl<R: AsyncRead + Unpin> AsyncRead for BoundedInput<R> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        loop {
            if buf.remaining() == 0 {
                return Poll::Ready(Ok(()));
            }
            if this.served < this.output.len() {
                let count = buf.remaining().min(this.output.len() - this.served);
                buf.put_slice(&this.output[this.served..this.served + count]);
                this.served += count;
                if this.served == this.output.len() {
                    this.output.clear();
                    this.served = 0;
                }
                return Poll::Ready(Ok(()));
            }
            if this.body_left > 0 {
                let count = buf.remaining().min(this.body_left);
                buf.put_slice(&this.buffer[this.start..this.start + count]);
                this.start += count;
                this.body_left -= count;
                return Poll::Ready(Ok(()));
            }
            if let State::Ended = this.state {
                return Poll::Ready(Ok(()));
            }
            if this.advance() {
                continue;
            }
            if this.inner_ended {
                if let State::Body(_) = this.state {
                    eprintln!("cyclecloud-lsp: the input ended inside a message");
                }
                this.state = State::Ended;
                continue;
            }
            ready!(this.poll_fill(cx));
        }
    }
}

/// Where `needle` first occurs in `haystack`.
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

fn header(length: usize) -> Vec<u8> {
    format!("Content-Length: {length}\r\n\r\n").into_bytes()
}

/// The replacement request for a malformed message, framed.
fn invalid(id: Value, code: i64, message: String) -> Vec<u8> {
    eprintln!("cyclecloud-lsp: rejected a message ({code}): {message}");
    let request = json!({
        "jsonrpc": "2.0",
        "id": id,
        "method": INVALID_MESSAGE_METHOD,
        "params": { "code": code, "message": message },
    });
    framed_json(&request)
}

/// `message` as a frame.
fn framed_json(message: &Value) -> Vec<u8> {
    let body = serde_json::to_vec(message).expect("a JSON value serialises");
    let mut bytes = header(body.len());
    bytes.extend_from_slice(&body);
    bytes
}

/// Whether the transport reads `body` as a response: it tries a response first, so a body with
/// an `id` and a `result` or an `error` is one. Checked by skimming the members instead of
/// decoding a `Response`, whose flattened members would copy the whole body first.
fn reads_as_response(body: &[u8]) -> bool {
    /// The members that decide, each `true` when present (whatever its value, `null` too).
    #[derive(serde::Deserialize)]
    struct Members {
        #[serde(default, deserialize_with = "present")]
        id: bool,
        #[serde(default, deserialize_with = "present")]
        result: bool,
        #[serde(default, deserialize_with = "present")]
        error: bool,
    }
    fn present<'de, D: serde::Deserializer<'de>>(value: D) -> Result<bool, D::Error> {
        <serde::de::IgnoredAny as serde::Deserialize>::deserialize(value).map(|_| true)
    }
    serde_json::from_slice::<Members>(body)
        .is_ok_and(|members| members.id && (members.result || members.error))
}

/// What becomes of a whole body.
enum Checked {
    /// tower-lsp-server decodes it: handed on unchanged.
    PassOn,
    /// A large request, decoded: set aside, a placeholder handed on.
    SetAside(Request),
    /// Malformed: replaced by this framed request.
    Replace(Vec<u8>),
}

fn check_body(body: &[u8]) -> Checked {
    if std::str::from_utf8(body).is_ok() {
        if let Ok(request) = serde_json::from_slice::<Request>(body) {
            // `exit` passes: the transport stops reading when it sees one.
            let large = body.len() > KEEP_BUFFER && request.method() != "exit";
            if large && !request.method().is_empty() && !reads_as_response(body) {
                return Checked::SetAside(request);
            }
            return Checked::PassOn;
        }
        if serde_json::from_slice::<Response>(body).is_ok() {
            return Checked::PassOn;
        }
    }
    Checked::Replace(match serde_json::from_slice::<Value>(body) {
        Err(error) => invalid(Value::Null, PARSE_ERROR, format!("invalid JSON: {error}")),
        Ok(value) => {
            // Answer with the message's id when it has a usable one (JSON-RPC 2.0, section 5).
            let id = match value.get("id") {
                Some(id @ (Value::Number(_) | Value::String(_))) => id.clone(),
                _ => Value::Null,
            };
            let what = if value.is_array() {
                "a batch (LSP has no batches)".to_owned()
            } else {
                "not a JSON-RPC 2.0 request, notification or response".to_owned()
            };
            invalid(id, INVALID_REQUEST, what)
        }
    })
}

#[cfg(test)]
mod tests;
