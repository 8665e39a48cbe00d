//! Runs the SDK's futures. Every host call is synchronous, so an `async fn`
//! written with the SDK is ready the first time it is polled: no runtime,
//! just a poll with a waker that does nothing.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, RawWaker, RawWakerVTable, Waker};

fn noop_raw() -> RawWaker {
    fn clone(_: *const ()) -> RawWaker {
        noop_raw()
    }
    fn noop(_: *const ()) {}
    static VTABLE: RawWakerVTable = RawWakerVTable::new(clone, noop, noop, noop);
    RawWaker::new(std::ptr::null(), &VTABLE)
}

/// Polls `future` to completion. A future that waits on something other than
/// the host (a timer, a channel) can never complete inside a guest, so it is
/// polled a bounded number of times and then reported as a bug.
pub fn block_on<F: Future>(future: F) -> F::Output {
    // SAFETY: the vtable's functions do nothing and never touch the data pointer.
    let waker = unsafe { Waker::from_raw(noop_raw()) };
    let mut cx = Context::from_waker(&waker);
    let mut future = Box::pin(future);
    for _ in 0..1_000 {
        if let Poll::Ready(value) = Pin::as_mut(&mut future).poll(&mut cx) {
            return value;
        }
    }
    panic!("a future awaited something outside the host; the SDK can only run futures that complete synchronously")
}
