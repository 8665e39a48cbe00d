;; Imports a host function that does not exist.
(module
  (import "spacedrive" "spacedrive_teleport" (func $teleport (param i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "plugin_init") (result i32) (i32.const 0)))
