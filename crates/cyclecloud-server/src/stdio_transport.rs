//! The byte streams the server talks over: stdin and stdout.
//!
//! Editors start a language server with its stdin and stdout on a pipe (Helix, most clients) or
//! a Unix socket pair (libuv: Neovim, VS Code). tokio's `stdin()`/`stdout()` hand every read
//! and write to a blocking thread, which on a keystroke costs two thread wake-ups on top of
//! the analysis. For a pipe or a Unix socket the server instead reads and writes the descriptor
//! itself, non-blocking, on the runtime's own event loop. Anything else (a terminal, a file, a
//! platform without these) keeps tokio's blocking stdio.
//!
//! The descriptors are duplicated, so the process's fd 0 and 1 stay open; the duplicates share
//! the open file with them, so fd 0 and 1 become non-blocking too. Nothing else in the server
//! reads stdin or writes stdout (logging goes to stderr), and it starts no child processes.

use std::pin::Pin;

use tokio::io::{AsyncRead, AsyncWrite};

/// What the server reads messages from.
pub type Input = Pin<Box<dyn AsyncRead + Send>>;
/// What the server writes messages to.
pub type Output = Pin<Box<dyn AsyncWrite + Send>>;

/// Stdin, read on the event loop when it is a pipe or a Unix socket.
pub fn input() -> Input {
    #[cfg(unix)]
    if let Some(input) = unix::input() {
        return input;
    }
    Box::pin(tokio::io::stdin())
}

/// Stdout, written on the event loop when it is a pipe or a Unix socket.
pub fn output() -> Output {
    #[cfg(unix)]
    if let Some(output) = unix::output() {
        return output;
    }
    Box::pin(tokio::io::stdout())
}

#[cfg(unix)]
mod unix {
    use std::fs::File;
    use std::os::fd::{AsFd, BorrowedFd, OwnedFd};
    use std::os::unix::fs::FileTypeExt;

    use tokio::net::unix::pipe;

    use super::{Input, Output};

    /// A stdio descriptor the event loop can serve.
    enum Stream {
        Pipe(File),
        Socket(std::os::unix::net::UnixStream),
    }

    /// A duplicate of `fd` when it is a pipe or a Unix stream socket.
    fn stream(fd: BorrowedFd<'_>) -> Option<Stream> {
        let file = File::from(fd.try_clone_to_owned().ok()?);
        let kind = file.metadata().ok()?.file_type();
        if kind.is_fifo() {
            return Some(Stream::Pipe(file));
        }
        if !kind.is_socket() {
            return None;
        }
        let socket = std::os::unix::net::UnixStream::from(OwnedFd::from(file));
        // Only a Unix socket has a Unix address (a TCP socket's is refused here).
        socket.local_addr().ok()?;
        socket.set_nonblocking(true).ok()?;
        Some(Stream::Socket(socket))
    }

    pub(super) fn input() -> Option<Input> {
        match stream(std::io::stdin().as_fd())? {
            Stream::Pipe(file) => Some(Box::pin(pipe::Receiver::from_file(file).ok()?)),
            Stream::Socket(socket) => {
                Some(Box::pin(tokio::net::UnixStream::from_std(socket).ok()?))
            }
        }
    }

    pub(super) fn output() -> Option<Output> {
        match stream(std::io::stdout().as_fd())? {
            Stream::Pipe(file) => Some(Box::pin(pipe::Sender::from_file(file).ok()?)),
            Stream::Socket(socket) => {
                Some(Box::pin(tokio::net::UnixStream::from_std(socket).ok()?))
            }
        }
    }
}
