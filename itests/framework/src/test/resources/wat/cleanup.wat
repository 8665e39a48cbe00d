;; Reports its plugin_cleanup to the host, so a test can see every instance cleaned up.
(module
  (import "spacedrive" "spacedrive_call" (func $call (param i32 i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (global $heap (mut i32) (i32.const 1024))
  (data (i32.const 16) "test.observe")  ;; 12
  (data (i32.const 32) "{\"cleanup\":true}") ;; 16
  (func (export "wasm_alloc") (param $n i32) (result i32)
    (local $p i32)
    (local.set $p (global.get $heap))
    (global.set $heap (i32.add (local.get $p) (local.get $n)))
    (local.get $p))
  (func (export "wasm_free") (param i32 i32))
  (func (export "plugin_cleanup")
    (drop (call $call (i32.const 16) (i32.const 12) (i32.const 0) (i32.const 32) (i32.const 16)))))
