;; A general-purpose guest for the in-framework tests. Its operations poke the
;; host ABI in the ways a careless or hostile extension would. Operations
;; return the spacedrive_call result buffer as their own result: both share the
;; layout (u32 length + JSON), so the test sees exactly what the host answered.
(module
  (import "spacedrive" "spacedrive_call" (func $call (param i32 i32 i32 i32 i32) (result i32)))
  (import "spacedrive" "register_operation" (func $register_operation (param i32 i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 2)
  (global $heap (mut i32) (i32.const 4096))

  (data (i32.const 16) "core.ping")                           ;; 9 bytes
  (data (i32.const 32) "{}")                                  ;; 2
  (data (i32.const 48) "\11\11\11\11\11\11\11\11\11\11\11\11\11\11\11\11") ;; library 11111111-1111-...
  (data (i32.const 64) "\ff\fe\fd")                           ;; 3, not UTF-8
  (data (i32.const 80) "{not json")                           ;; 9
  (data (i32.const 96) "{\"a\":\"\ff\"}")                     ;; 9, JSON with a non-UTF-8 string
  (data (i32.const 112) "test-extension.echo")                ;; 19
  (data (i32.const 256) "\0b\00\00\00{\"ok\":true}")           ;; result buffers: length + JSON
  (data (i32.const 288) "\0c\00\00\00{\"ok\":false}")
  ;; operation names and exports for register_operation, 16 bytes apart from 512
  (data (i32.const 512) "call")
  (data (i32.const 528) "call_in_library")
  (data (i32.const 544) "relay")
  (data (i32.const 560) "spin")
  (data (i32.const 576) "grow")
  (data (i32.const 592) "recurse")
  (data (i32.const 608) "bad_pointer")
  (data (i32.const 624) "bad_utf8")
  (data (i32.const 640) "bad_json")
  (data (i32.const 656) "bad_utf8_json")
  (data (i32.const 672) "huge_payload")
  (data (i32.const 688) "bad_library")

  ;; A stack-like bump allocator: freeing the newest block rewinds the heap.
  (func $alloc (export "wasm_alloc") (param $n i32) (result i32)
    (local $p i32) (local $end i32)
    (local.set $p (global.get $heap))
    (local.set $end (i32.and (i32.add (i32.add (local.get $p) (local.get $n)) (i32.const 7)) (i32.const -8)))
    (if (i32.gt_u (local.get $end) (i32.shl (memory.size) (i32.const 16)))
      (then
        (if (i32.eq (memory.grow (i32.shr_u (i32.add (i32.sub (local.get $end) (i32.shl (memory.size) (i32.const 16))) (i32.const 65535)) (i32.const 16)))
                    (i32.const -1))
          (then (return (i32.const 0))))))
    (global.set $heap (local.get $end))
    (local.get $p))

  (func $free (export "wasm_free") (param $p i32) (param $n i32)
    (if (i32.eq (i32.and (i32.add (i32.add (local.get $p) (local.get $n)) (i32.const 7)) (i32.const -8)) (global.get $heap))
      (then (global.set $heap (local.get $p)))))

  (func $reg (param $name i32) (param $len i32) (param $kind i32) (result i32)
    (call $register_operation (local.get $name) (local.get $len) (local.get $name) (local.get $len) (local.get $kind)))

  (func (export "plugin_init") (result i32)
    (i32.or (i32.or (i32.or (call $reg (i32.const 512) (i32.const 4) (i32.const 0))
                            (call $reg (i32.const 528) (i32.const 15) (i32.const 0)))
                    (i32.or (call $reg (i32.const 544) (i32.const 5) (i32.const 0))
                            (call $reg (i32.const 560) (i32.const 4) (i32.const 0))))
      (i32.or (i32.or (i32.or (call $reg (i32.const 576) (i32.const 4) (i32.const 1))
                              (call $reg (i32.const 592) (i32.const 7) (i32.const 0)))
                      (i32.or (call $reg (i32.const 608) (i32.const 11) (i32.const 0))
                              (call $reg (i32.const 624) (i32.const 8) (i32.const 0))))
              (i32.or (i32.or (call $reg (i32.const 640) (i32.const 8) (i32.const 0))
                              (call $reg (i32.const 656) (i32.const 13) (i32.const 0)))
                      (i32.or (call $reg (i32.const 672) (i32.const 12) (i32.const 0))
                              (call $reg (i32.const 688) (i32.const 11) (i32.const 0)))))))

  ;; input: a JSON string naming the method, e.g. "core.ping" (quotes stripped)
  (func (export "call") (param $in i32) (param $len i32) (result i32)
    (call $call (i32.add (local.get $in) (i32.const 1)) (i32.sub (local.get $len) (i32.const 2))
                (i32.const 0) (i32.const 32) (i32.const 2)))

  (func (export "call_in_library") (param $in i32) (param $len i32) (result i32)
    (call $call (i32.add (local.get $in) (i32.const 1)) (i32.sub (local.get $len) (i32.const 2))
                (i32.const 48) (i32.const 32) (i32.const 2)))

  ;; forwards its input to another extension's operation
  (func (export "relay") (param $in i32) (param $len i32) (result i32)
    (call $call (i32.const 112) (i32.const 19) (i32.const 0) (local.get $in) (local.get $len)))

  (func (export "spin") (param i32 i32) (result i32)
    (loop $forever (br $forever))
    (i32.const 0))

  ;; asks for 16 MiB more memory: {"ok":true} if it got it
  (func (export "grow") (param i32 i32) (result i32)
    (if (result i32) (i32.eq (memory.grow (i32.const 256)) (i32.const -1))
      (then (i32.const 288))
      (else (i32.const 256))))

  (func $rec (param $n i32) (result i32)
    (i32.add (call $rec (i32.add (local.get $n) (i32.const 1))) (i32.const 1)))

  (func (export "recurse") (param i32 i32) (result i32)
    (call $rec (i32.const 0)))

  (func (export "bad_pointer") (param i32 i32) (result i32)
    (call $call (i32.const 0xFFFFFF00) (i32.const 10) (i32.const 0) (i32.const 32) (i32.const 2)))

  (func (export "bad_library") (param i32 i32) (result i32)
    (call $call (i32.const 16) (i32.const 9) (i32.const 0xFFFFFFF8) (i32.const 32) (i32.const 2)))

  (func (export "bad_utf8") (param i32 i32) (result i32)
    (call $call (i32.const 64) (i32.const 3) (i32.const 0) (i32.const 32) (i32.const 2)))

  (func (export "bad_json") (param i32 i32) (result i32)
    (call $call (i32.const 16) (i32.const 9) (i32.const 0) (i32.const 80) (i32.const 9)))

  (func (export "bad_utf8_json") (param i32 i32) (result i32)
    (call $call (i32.const 16) (i32.const 9) (i32.const 0) (i32.const 96) (i32.const 9)))

  ;; a 64 MiB payload (the memory really holds it)
  (func (export "huge_payload") (param i32 i32) (result i32)
    (if (i32.eq (memory.grow (i32.const 1025)) (i32.const -1))
      (then (return (i32.const 288))))
    (call $call (i32.const 16) (i32.const 9) (i32.const 0) (i32.const 65536) (i32.const 0x4000000)))
)
