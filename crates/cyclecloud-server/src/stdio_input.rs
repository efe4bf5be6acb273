//! The reading side of the stdio transport: frames are read here, bounded, before
//! tower-lsp-server's codec sees them.
//!
//! tower-lsp-server answers an undecodable frame with `-32700`, but its reader (tokio-util's
//! `FramedRead`, tokio issue 3976) then ends, so one malformed message made the server exit;
//! and it buffers input without bound while waiting for the body of a huge `Content-Length`.
//! This reader passes every well-formed message through unchanged and replaces a malformed one
//! with an [`INVALID_MESSAGE_METHOD`] request that [`crate::ordered_sync::OrderedSync`] answers
//! with the JSON-RPC error (`-32700` parse error, `-32600` invalid request), so the session goes
//! on. A frame without a usable `Content-Length` is skipped up to the next `Content-Length`. A
//! length above [`MAX_CONTENT_LENGTH`] or a header line above [`MAX_HEADER_LINE`] cannot be
//! skipped safely: it is answered, logged on stderr, and the input ends (the server exits, code 1).

use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWriteExt, BufReader, DuplexStream};
use tower_lsp_server::jsonrpc::{Request, Response};

/// The largest message body accepted (a 10 MB template, JSON-escaped, fits several times).
pub const MAX_CONTENT_LENGTH: usize = 64 << 20;
/// The longest header line accepted; real headers are under 100 bytes.
pub const MAX_HEADER_LINE: usize = 8 << 10;
/// The method of the request a malformed message is replaced with (params: `code`, `message`).
pub const INVALID_MESSAGE_METHOD: &str = "$/cyclecloud-lsp/invalidMessage";

/// The header a frame starts with, where reading resumes after a broken frame.
const MARKER: &[u8] = b"Content-Length";
/// JSON-RPC's "Parse error".
const PARSE_ERROR: i64 = -32700;
/// JSON-RPC's "Invalid Request".
const INVALID_REQUEST: i64 = -32600;

/// Reads frames from `input` on a task and returns the stream the LSP server should read.
pub fn spawn(input: impl AsyncRead + Unpin + Send + 'static) -> DuplexStream {
    let (server_side, mut writer) = tokio::io::duplex(1 << 16);
    tokio::spawn(async move {
        let mut reader = BufReader::new(input);
        let mut skip = false;
        while let Some(frame) = next_frame(&mut reader, &mut skip).await {
            let end = frame.end;
            if writer.write_all(&frame.bytes).await.is_err() || end {
                break;
            }
        }
        let _ = writer.shutdown().await;
    });
    server_side
}

/// What to hand the server next; `end` closes the input after it.
struct Frame {
    bytes: Vec<u8>,
    end: bool,
}

fn framed(body: &[u8]) -> Vec<u8> {
    let mut bytes = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    bytes.extend_from_slice(body);
    bytes
}

/// The replacement request for a malformed message.
fn invalid(id: Value, code: i64, message: String) -> Vec<u8> {
    eprintln!("cyclecloud-lsp: rejected a message ({code}): {message}");
    let request = json!({
        "jsonrpc": "2.0",
        "id": id,
        "method": INVALID_MESSAGE_METHOD,
        "params": { "code": code, "message": message },
    });
    framed(&serde_json::to_vec(&request).expect("a JSON value serialises"))
}

/// The next frame to pass on, or `None` at the end of the input.
/// `skip` says the previous frame's header was broken: its body is skipped first, up to the
/// next `Content-Length` marker (which the first header line then lacks). The error is answered
/// before that, so a client waiting for it is not kept waiting for its next message.
async fn next_frame(reader: &mut (impl AsyncBufReadExt + Unpin), skip: &mut bool) -> Option<Frame> {
    let mut content_length: Option<Result<usize, String>> = None;
    let mut saw_header = false;
    let mut prefix = Vec::new();
    if std::mem::take(skip) {
        if !skip_to_next_header(reader).await {
            return None;
        }
        prefix = MARKER.to_vec();
    }
    loop {
        let mut line = std::mem::take(&mut prefix);
        let read = (&mut *reader)
            .take(MAX_HEADER_LINE as u64)
            .read_until(b'\n', &mut line)
            .await
            .ok()?;
        if read == 0 && line.is_empty() {
            return None;
        }
        if !line.ends_with(b"\n") {
            if line.len() < MAX_HEADER_LINE {
                return None; // The input ended inside a header.
            }
            let message = format!("a header line longer than {MAX_HEADER_LINE} bytes");
            return Some(Frame {
                bytes: invalid(Value::Null, PARSE_ERROR, message),
                end: true,
            });
        }
        // Leftovers of a body shorter than its Content-Length said may precede a real header.
        if let Some(at) = line.windows(MARKER.len()).position(|w| w == MARKER) {
            line.drain(..at);
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            if saw_header {
                break;
            }
            continue; // Blank lines between messages.
        }
        saw_header = true;
        if let Some((name, value)) = text.split_once(':') {
            if name.trim().eq_ignore_ascii_case("content-length") {
                content_length = Some(
                    value
                        .trim()
                        .parse::<usize>()
                        .map_err(|_| format!("invalid Content-Length {:?}", value.trim())),
                );
            }
        }
    }
    let length = match content_length {
        Some(Ok(length)) => length,
        broken => {
            *skip = true;
            let message = match broken {
                Some(Err(message)) => message,
                _ => "a message without Content-Length".to_owned(),
            };
            return Some(Frame {
                bytes: invalid(Value::Null, PARSE_ERROR, message),
                end: false,
            });
        }
    };
    if length > MAX_CONTENT_LENGTH {
        let message =
            format!("Content-Length {length} exceeds the limit of {MAX_CONTENT_LENGTH} bytes");
        return Some(Frame {
            bytes: invalid(Value::Null, INVALID_REQUEST, message),
            end: true,
        });
    }
    let mut body = Vec::new();
    (&mut *reader)
        .take(length as u64)
        .read_to_end(&mut body)
        .await
        .ok()?;
    if body.len() < length {
        eprintln!("cyclecloud-lsp: the input ended inside a message");
        return None;
    }
    Some(Frame {
        bytes: check_body(&body),
        end: false,
    })
}

/// The body framed again when tower-lsp-server can decode it, else its replacement request.
fn check_body(body: &[u8]) -> Vec<u8> {
    let decodes = std::str::from_utf8(body).is_ok()
        && (serde_json::from_slice::<Request>(body).is_ok()
            || serde_json::from_slice::<Response>(body).is_ok());
    if decodes {
        return framed(body);
    }
    match serde_json::from_slice::<Value>(body) {
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
    }
}

/// Skips input up to and including the next `Content-Length` (a broken frame's body has no
/// known end), so the next header starts there. False at the end of the input.
async fn skip_to_next_header(reader: &mut (impl AsyncBufReadExt + Unpin)) -> bool {
    let mut matched = 0;
    while matched < MARKER.len() {
        let Ok(buffer) = reader.fill_buf().await else {
            return false;
        };
        if buffer.is_empty() {
            return false;
        }
        let mut used = 0;
        for &byte in buffer {
            used += 1;
            matched = if byte == MARKER[matched] {
                matched + 1
            } else {
                usize::from(byte == MARKER[0])
            };
            if matched == MARKER.len() {
                break;
            }
        }
        reader.consume(used);
    }
    true
}

#[cfg(test)]
mod tests {
    use tokio::io::AsyncReadExt;

    use super::*;

    async fn pass(input: Vec<u8>) -> String {
        let mut output = Vec::new();
        spawn(std::io::Cursor::new(input))
            .read_to_end(&mut output)
            .await
            .unwrap();
        String::from_utf8(output).unwrap()
    }

    #[tokio::test]
    async fn well_formed_messages_pass_unchanged() {
        let request = framed(br#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#);
        let mut input = request.clone();
        input.extend(framed(br#"{"jsonrpc":"2.0","method":"exit"}"#));
        let output = pass(input.clone()).await;
        assert_eq!(output.as_bytes(), &input[..]);
    }

    /// The `Content-Length` that ends a skipped body straddles the reader's 8 KiB buffer.
    #[tokio::test]
    async fn skipping_finds_a_header_split_across_reads() {
        let header = b"X-Junk: 1\r\n\r\n".to_vec();
        let mut input = header.clone();
        input.extend(vec![b'a'; 8192 - 5 - header.len()]);
        let request = framed(br#"{"jsonrpc":"2.0","id":7,"method":"shutdown"}"#);
        input.extend(&request);
        let output = pass(input).await;
        let error = output
            .find(INVALID_MESSAGE_METHOD)
            .expect("the broken frame is answered");
        let passed = output
            .find(std::str::from_utf8(&request).unwrap())
            .expect("the next message passes intact");
        assert!(error < passed, "{output}");
    }
}
