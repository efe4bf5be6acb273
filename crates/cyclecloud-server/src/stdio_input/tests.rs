use std::pin::Pin;
use std::task::{Context, Poll};

use tokio::io::{AsyncRead, AsyncReadExt, ReadBuf};

use super::*;

fn framed(body: &[u8]) -> Vec<u8> {
    let mut bytes = header(body.len());
    bytes.extend_from_slice(body);
    bytes
}

const SHUTDOWN: &[u8] = br#"{"jsonrpc":"2.0","id":7,"method":"shutdown"}"#;
const EXIT: &[u8] = br#"{"jsonrpc":"2.0","method":"exit"}"#;

/// Hands out one byte per read, with a `Pending` before each, like a slow pipe.
struct Trickle {
    data: Vec<u8>,
    at: usize,
    ready: bool,
}

impl AsyncRead for Trickle {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        self.ready = !self.ready;
        if self.ready {
            cx.waker().wake_by_ref();
            return Poll::Pending;
        }
        if let Some(&byte) = self.data.get(self.at) {
            buf.put_slice(&[byte]);
            self.at += 1;
        }
        Poll::Ready(Ok(()))
    }
}

async fn pass(input: Vec<u8>) -> String {
    let mut output = Vec::new();
    BoundedInput::new(std::io::Cursor::new(input))
        .read_to_end(&mut output)
        .await
        .unwrap();
    String::from_utf8(output).unwrap()
}

async fn trickle(input: Vec<u8>) -> String {
    let mut output = Vec::new();
    let reader = Trickle {
        data: input,
        at: 0,
        ready: false,
    };
    BoundedInput::new(reader)
        .read_to_end(&mut output)
        .await
        .unwrap();
    String::from_utf8(output).unwrap()
}

/// The `invalidMessage` requests in `output`, as `(id, code)`, in order.
fn rejections(output: &str) -> Vec<(Value, i64)> {
    output
        .split("Content-Length: ")
        .filter_map(|frame| frame.split_once("\r\n\r\n"))
        .filter_map(|(_, body)| serde_json::from_str::<Value>(body).ok())
        .filter(|message| message["method"] == INVALID_MESSAGE_METHOD)
        .map(|message| {
            let code = message["params"]["code"].as_i64().unwrap();
            (message["id"].clone(), code)
        })
        .collect()
}

#[tokio::test]
async fn well_formed_messages_pass_unchanged() {
    let mut input = framed(SHUTDOWN);
    input.extend(framed(EXIT));
    let output = pass(input.clone()).await;
    assert_eq!(output.as_bytes(), &input[..]);
}

#[tokio::test]
async fn other_headers_are_dropped_and_the_body_kept() {
    let mut input = format!(
        "Content-Type: application/vscode-jsonrpc; charset=utf-8\r\ncontent-length:  {}\r\n\r\n",
        SHUTDOWN.len()
    )
    .into_bytes();
    input.extend(SHUTDOWN);
    assert_eq!(pass(input).await.as_bytes(), &framed(SHUTDOWN)[..]);
}

#[tokio::test]
async fn a_body_larger_than_the_read_chunk_passes_intact() {
    let text = "x".repeat(3 * READ_CHUNK);
    let body = serde_json::to_vec(&json!({
        "jsonrpc": "2.0", "method": "textDocument/didOpen", "params": { "text": text },
    }))
    .unwrap();
    let mut input = framed(&body);
    input.extend(framed(EXIT));
    assert_eq!(pass(input.clone()).await.as_bytes(), &input[..]);
}

/// Large requests are handed on as placeholders, in order, with their ids; a large response
/// passes whole.
#[tokio::test]
async fn large_requests_are_set_aside_and_large_responses_pass() {
    let text = "x".repeat(3 * KEEP_BUFFER);
    let open = json!({
        "jsonrpc": "2.0", "method": "textDocument/didOpen", "params": { "text": text },
    });
    let hover = json!({
        "jsonrpc": "2.0", "id": "h", "method": "textDocument/hover", "params": { "pad": text },
    });
    let answer = serde_json::to_vec(&json!({ "jsonrpc": "2.0", "id": 5, "result": text })).unwrap();
    let mut input = framed(&serde_json::to_vec(&open).unwrap());
    input.extend(framed(SHUTDOWN));
    input.extend(framed(&serde_json::to_vec(&hover).unwrap()));
    input.extend(framed(&answer));
    let mut reader = BoundedInput::new(Trickle {
        data: input,
        at: 0,
        ready: false,
    });
    let large = reader.large_requests();
    let mut output = Vec::new();
    reader.read_to_end(&mut output).await.unwrap();
    let mut expected = framed(br#"{"jsonrpc":"2.0","method":"$/cyclecloud-lsp/largeRequest"}"#);
    expected.extend(framed(SHUTDOWN));
    expected.extend(framed(
        br#"{"id":"h","jsonrpc":"2.0","method":"$/cyclecloud-lsp/largeRequest"}"#,
    ));
    expected.extend(framed(&answer));
    assert_eq!(
        String::from_utf8(output).unwrap(),
        String::from_utf8(expected).unwrap()
    );
    let taken = |request: Request| serde_json::to_value(request).unwrap();
    assert_eq!(large.take().map(taken), Some(open));
    assert_eq!(large.take().map(taken), Some(hover));
    assert!(large.take().is_none());
}

/// The `Content-Length` that ends a skipped body straddles a read.
#[tokio::test]
async fn skipping_finds_a_header_split_across_reads() {
    let header = b"X-Junk: 1\r\n\r\n".to_vec();
    let mut input = header.clone();
    input.extend(vec![b'a'; READ_CHUNK - 5 - header.len()]);
    let request = framed(SHUTDOWN);
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

/// Good and broken frames of each kind, read whole or one byte at a time, give the same output.
#[tokio::test]
async fn frames_split_anywhere_give_the_same_output() {
    let mut input = framed(SHUTDOWN);
    input.extend(framed(br#"{"jsonrpc": "2.0", "id": 3, "method": "#));
    input.extend(b"\r\n");
    input.extend(framed(br#"{"jsonrpc":"1.0","id":41,"method":"shutdown"}"#));
    input.extend(b"Content-Length: 12x\r\n\r\n{}garbage");
    input.extend(framed(br#"[1, 2]"#));
    input.extend(b"X-Only: 1\r\n\r\nmore garbage");
    input.extend(framed(EXIT));
    let whole = pass(input.clone()).await;
    assert_eq!(trickle(input).await, whole);
    assert_eq!(
        rejections(&whole),
        vec![
            (Value::Null, PARSE_ERROR),
            (json!(41), INVALID_REQUEST),
            (Value::Null, PARSE_ERROR),
            (Value::Null, INVALID_REQUEST),
            (Value::Null, PARSE_ERROR),
        ]
    );
    assert!(whole.starts_with(std::str::from_utf8(&framed(SHUTDOWN)).unwrap()));
    assert!(whole.ends_with(std::str::from_utf8(&framed(EXIT)).unwrap()));
}

#[tokio::test]
async fn a_length_over_the_limit_is_answered_and_ends_the_input() {
    let mut input = format!("Content-Length: {}\r\n\r\n", MAX_CONTENT_LENGTH + 1).into_bytes();
    input.extend(framed(EXIT));
    let output = pass(input).await;
    assert_eq!(rejections(&output), vec![(Value::Null, INVALID_REQUEST)]);
    assert!(!output.contains("exit"), "{output}");
}

#[tokio::test]
async fn a_header_line_over_the_limit_is_answered_and_ends_the_input() {
    let mut input = vec![b'X'; MAX_HEADER_LINE];
    input.extend(b"\r\n\r\n");
    input.extend(framed(EXIT));
    let output = trickle(input).await;
    assert_eq!(rejections(&output), vec![(Value::Null, PARSE_ERROR)]);
    assert!(!output.contains("exit"), "{output}");
}

#[tokio::test]
async fn input_ending_inside_a_body_ends_after_the_frames_before_it() {
    let mut input = framed(SHUTDOWN);
    input.extend(b"Content-Length: 100\r\n\r\n{\"jsonrpc\"");
    assert_eq!(pass(input).await.as_bytes(), &framed(SHUTDOWN)[..]);
}
