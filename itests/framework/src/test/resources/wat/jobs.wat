;; Jobs that misbehave: `spin` never checks for interrupts, `trap` hits
;; unreachable, `quick` completes at once (to show the extension still works).
(module
  (import "spacedrive" "register_job" (func $register_job (param i32 i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (global $heap (mut i32) (i32.const 1024))
  (data (i32.const 16) "spin")
  (data (i32.const 32) "execute_spin")   ;; 12
  (data (i32.const 48) "trap")
  (data (i32.const 64) "execute_trap")   ;; 12
  (data (i32.const 80) "quick")
  (data (i32.const 96) "execute_quick")  ;; 13
  (func (export "wasm_alloc") (param $n i32) (result i32)
    (local $p i32)
    (local.set $p (global.get $heap))
    (global.set $heap (i32.add (local.get $p) (local.get $n)))
    (local.get $p))
  (func (export "wasm_free") (param i32 i32))
  (func (export "plugin_init") (result i32)
    (i32.or (i32.or
      (call $register_job (i32.const 16) (i32.const 4) (i32.const 32) (i32.const 12) (i32.const 1))
      (call $register_job (i32.const 48) (i32.const 4) (i32.const 64) (i32.const 12) (i32.const 1)))
      (call $register_job (i32.const 80) (i32.const 5) (i32.const 96) (i32.const 13) (i32.const 1))))
  (func (export "execute_spin") (param i32 i32 i32 i32) (result i32)
    (loop $forever (br $forever))
    (i32.const 0))
  (func (export "execute_trap") (param i32 i32 i32 i32) (result i32)
    (unreachable))
  (func (export "execute_quick") (param i32 i32 i32 i32) (result i32)
    (i32.const 0)))
