;; Benchmark guest: `bench` makes N spacedrive_call round trips to bench.noop
;; with a ~100-byte JSON payload and frees every result, as a real guest would.
(module
  (import "spacedrive" "spacedrive_call" (func $call (param i32 i32 i32 i32 i32) (result i32)))
  (import "spacedrive" "register_operation" (func $register_operation (param i32 i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 2)
  (global $heap (mut i32) (i32.const 4096))
  (data (i32.const 16) "bench.noop")                                                     ;; 10
  (data (i32.const 32) "{\"path\":\"/photos/2024/holiday/IMG_0042.jpg\",\"size\":4194304,\"kind\":\"image\",\"tags\":[\"beach\"]}") ;; 91
  (data (i32.const 256) "\0b\00\00\00{\"ok\":true}")
  (data (i32.const 512) "bench")
  (func $alloc (export "wasm_alloc") (param $n i32) (result i32)
    (local $p i32)
    (local.set $p (global.get $heap))
    (global.set $heap (i32.and (i32.add (i32.add (local.get $p) (local.get $n)) (i32.const 7)) (i32.const -8)))
    (local.get $p))
  (func $free (export "wasm_free") (param $p i32) (param $n i32)
    (if (i32.eq (i32.and (i32.add (i32.add (local.get $p) (local.get $n)) (i32.const 7)) (i32.const -8)) (global.get $heap))
      (then (global.set $heap (local.get $p)))))
  (func (export "plugin_init") (result i32)
    (call $register_operation (i32.const 512) (i32.const 5) (i32.const 512) (i32.const 5) (i32.const 0)))
  ;; input: the JSON number N, as ASCII digits
  (func (export "bench") (param $in i32) (param $len i32) (result i32)
    (local $n i32) (local $i i32) (local $r i32)
    (loop $digits
      (if (i32.lt_u (local.get $i) (local.get $len))
        (then
          (local.set $n (i32.add (i32.mul (local.get $n) (i32.const 10))
                                 (i32.sub (i32.load8_u (i32.add (local.get $in) (local.get $i))) (i32.const 48))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $digits))))
    (local.set $i (i32.const 0))
    (block $done
      (loop $again
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $r (call $call (i32.const 16) (i32.const 10) (i32.const 0) (i32.const 32) (i32.const 91)))
        (call $free (local.get $r) (i32.add (i32.load (local.get $r)) (i32.const 4)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $again)))
    (i32.const 256))
)
