;; plugin_init never returns: the host must stop it at the call deadline.
(module
  (import "spacedrive" "spacedrive_log" (func $log (param i32 i32 i32)))
  (memory (export "memory") 1)
  (func (export "plugin_init") (result i32)
    (loop $forever (br $forever))
    (i32.const 0)))
