;; Benchmark floor: the same guest loop as bench.wat, minus the host's work.
;; `run` calls an imported host function of spacedrive_call's type N times; the
;; benchmark links a Java body that returns 0 at once, in plain Chicory (no
;; OSGi, no registry, no JSON), so the loop measures the raw cost of a
;; guest -> host -> guest transition.
(module
  (import "spacedrive" "spacedrive_call" (func $call (param i32 i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "run") (param $n i32) (result i32)
    (local $i i32) (local $acc i32)
    (block $done
      (loop $again
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $acc (i32.add (local.get $acc)
          (call $call (i32.const 16) (i32.const 10) (i32.const 0) (i32.const 32) (i32.const 91))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $again)))
    (local.get $acc))
)
