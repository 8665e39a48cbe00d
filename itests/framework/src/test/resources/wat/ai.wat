;; A guest that reaches the AI registry through spacedrive_call: each of its
;; operations forwards its own input, unchanged, as the payload of one ai.*
;; operation and returns the host's result buffer (u32 length + JSON) as its own.
(module
  (import "spacedrive" "spacedrive_call" (func $call (param i32 i32 i32 i32 i32) (result i32)))
  (import "spacedrive" "register_operation" (func $register_operation (param i32 i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 2)
  (global $heap (mut i32) (i32.const 4096))

  ;; host methods, 32 bytes apart from 16
  (data (i32.const 16) "ai.ocr")                              ;; 6
  (data (i32.const 48) "ai.generate")                         ;; 11
  (data (i32.const 80) "ai.models.list")                      ;; 14
  (data (i32.const 112) "models.register")                    ;; 15
  (data (i32.const 144) "ai.embed")                           ;; 8
  (data (i32.const 176) "ai.detect_faces")                    ;; 15
  (data (i32.const 208) "ai.classify_text")                   ;; 16
  ;; the guest's own operations (name = export), 16 bytes apart from 512
  (data (i32.const 512) "ocr")
  (data (i32.const 528) "generate")
  (data (i32.const 544) "models")
  (data (i32.const 560) "register")
  (data (i32.const 576) "embed")
  (data (i32.const 592) "faces")
  (data (i32.const 608) "classify")
  (data (i32.const 624) "embed10")
  (data (i32.const 640) "generate10")
  (data (i32.const 656) "faces10")
  (data (i32.const 672) "classify10")

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

  (func $reg (param $name i32) (param $len i32) (result i32)
    (call $register_operation (local.get $name) (local.get $len) (local.get $name) (local.get $len) (i32.const 0)))

  (func (export "plugin_init") (result i32)
    (i32.or (i32.or (call $reg (i32.const 512) (i32.const 3)) (call $reg (i32.const 528) (i32.const 8)))
            (i32.or (i32.or (call $reg (i32.const 544) (i32.const 6)) (call $reg (i32.const 560) (i32.const 8)))
                    (i32.or (i32.or (call $reg (i32.const 576) (i32.const 5)) (call $reg (i32.const 592) (i32.const 5)))
                            (i32.or (call $reg (i32.const 608) (i32.const 8))
                                    (i32.or (i32.or (call $reg (i32.const 624) (i32.const 7)) (call $reg (i32.const 640) (i32.const 10)))
                                            (i32.or (call $reg (i32.const 656) (i32.const 7)) (call $reg (i32.const 672) (i32.const 10)))))))))

  (func (export "ocr") (param $in i32) (param $len i32) (result i32)
    (call $call (i32.const 16) (i32.const 6) (i32.const 0) (local.get $in) (local.get $len)))

  (func (export "generate") (param $in i32) (param $len i32) (result i32)
    (call $call (i32.const 48) (i32.const 11) (i32.const 0) (local.get $in) (local.get $len)))

  (func (export "models") (param $in i32) (param $len i32) (result i32)
    (call $call (i32.const 80) (i32.const 14) (i32.const 0) (local.get $in) (local.get $len)))

  (func (export "embed") (param $in i32) (param $len i32) (result i32)
    (call $call (i32.const 144) (i32.const 8) (i32.const 0) (local.get $in) (local.get $len)))

  (func (export "register") (param $in i32) (param $len i32) (result i32)
    (call $call (i32.const 112) (i32.const 15) (i32.const 0) (local.get $in) (local.get $len)))

  (func (export "faces") (param $in i32) (param $len i32) (result i32)
    (call $call (i32.const 176) (i32.const 15) (i32.const 0) (local.get $in) (local.get $len)))

;; Ten calls of one method with the same payload from one entry into the guest (the benchmark's
  ;; per-call cost of spacedrive_call): frees each result but the last, which it returns.
  (func $repeat10 (param $m i32) (param $mlen i32) (param $in i32) (param $len i32) (result i32)
    (local $i i32) (local $r i32)
    (loop $again
      (local.set $r (call $call (local.get $m) (local.get $mlen) (i32.const 0) (local.get $in) (local.get $len)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (if (i32.and (i32.ne (local.get $r) (i32.const 0)) (i32.lt_u (local.get $i) (i32.const 10)))
        (then
          (call $free (local.get $r) (i32.add (i32.const 4) (i32.load (local.get $r))))
          (br $again))))
    (local.get $r))

  (func (export "embed10") (param $in i32) (param $len i32) (result i32)
    (call $repeat10 (i32.const 144) (i32.const 8) (local.get $in) (local.get $len)))

  (func (export "generate10") (param $in i32) (param $len i32) (result i32)
    (call $repeat10 (i32.const 48) (i32.const 11) (local.get $in) (local.get $len)))

  (func (export "faces10") (param $in i32) (param $len i32) (result i32)
    (call $repeat10 (i32.const 176) (i32.const 15) (local.get $in) (local.get $len)))

  (func (export "classify10") (param $in i32) (param $len i32) (result i32)
    (call $repeat10 (i32.const 208) (i32.const 16) (local.get $in) (local.get $len)))

  (func (export "classify") (param $in i32) (param $len i32) (result i32)
    (call $call (i32.const 208) (i32.const 16) (i32.const 0) (local.get $in) (local.get $len)))
)
