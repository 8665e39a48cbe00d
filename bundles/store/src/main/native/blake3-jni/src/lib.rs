//! JNI entry points of `org.vdfs.store.internal.hash.NativeBlake3`: a streaming
//! BLAKE3 hasher behind a handle (a pointer held by the Java object), fed from
//! direct buffers or byte arrays, and a one-shot hash of an array region.
//!
//! No jni crate is packaged in Debian, so the few JNIEnv functions used are
//! called through the function table by their index in `jni.h` (checked
//! against JDK 17's header; the table has only ever grown at its end).
//! The Java side checks every offset and length before calling: nothing here
//! throws.

use std::ffi::c_void;
use std::ptr;

type JNIEnv = *const *const *const c_void;
type JObject = *mut c_void;
type JLong = i64;
type JInt = i32;
type JBoolean = u8;

const GET_PRIMITIVE_ARRAY_CRITICAL: usize = 222;
const RELEASE_PRIMITIVE_ARRAY_CRITICAL: usize = 223;
const SET_BYTE_ARRAY_REGION: usize = 208;
const GET_DIRECT_BUFFER_ADDRESS: usize = 230;
/// JNI_ABORT: release without copying back (the array was only read).
const JNI_ABORT: JInt = 2;

unsafe fn function(env: JNIEnv, index: usize) -> *const c_void {
    *(*env).add(index)
}

/// The bytes of `array[offset..offset + length]`, pinned while `f` runs.
unsafe fn with_array<R>(env: JNIEnv, array: JObject, offset: JInt, length: JInt, f: impl FnOnce(&[u8]) -> R) -> Option<R> {
    let get: unsafe extern "system" fn(JNIEnv, JObject, *mut JBoolean) -> *mut c_void =
        std::mem::transmute(function(env, GET_PRIMITIVE_ARRAY_CRITICAL));
    let release: unsafe extern "system" fn(JNIEnv, JObject, *mut c_void, JInt) =
        std::mem::transmute(function(env, RELEASE_PRIMITIVE_ARRAY_CRITICAL));
    let base = get(env, array, ptr::null_mut());
    if base.is_null() {
        return None; // out of memory: the JVM has an exception pending
    }
    let bytes = std::slice::from_raw_parts((base as *const u8).add(offset as usize), length as usize);
    let result = f(bytes);
    release(env, array, base, JNI_ABORT);
    Some(result)
}

unsafe fn write_digest(env: JNIEnv, out: JObject, hash: &blake3::Hash) {
    let set: unsafe extern "system" fn(JNIEnv, JObject, JInt, JInt, *const i8) =
        std::mem::transmute(function(env, SET_BYTE_ARRAY_REGION));
    set(env, out, 0, blake3::OUT_LEN as JInt, hash.as_bytes().as_ptr() as *const i8);
}

#[no_mangle]
pub extern "system" fn Java_org_vdfs_store_internal_hash_NativeBlake3_create(_env: JNIEnv, _class: JObject) -> JLong {
    Box::into_raw(Box::new(blake3::Hasher::new())) as JLong
}

#[no_mangle]
pub unsafe extern "system" fn Java_org_vdfs_store_internal_hash_NativeBlake3_updateDirect(
    env: JNIEnv, _class: JObject, handle: JLong, buffer: JObject, offset: JInt, length: JInt,
) {
    let get: unsafe extern "system" fn(JNIEnv, JObject) -> *mut c_void =
        std::mem::transmute(function(env, GET_DIRECT_BUFFER_ADDRESS));
    let base = get(env, buffer) as *const u8;
    if base.is_null() || length <= 0 {
        return;
    }
    let hasher = &mut *(handle as *mut blake3::Hasher);
    hasher.update(std::slice::from_raw_parts(base.add(offset as usize), length as usize));
}

#[no_mangle]
pub unsafe extern "system" fn Java_org_vdfs_store_internal_hash_NativeBlake3_updateArray(
    env: JNIEnv, _class: JObject, handle: JLong, array: JObject, offset: JInt, length: JInt,
) {
    if length <= 0 {
        return;
    }
    let hasher = &mut *(handle as *mut blake3::Hasher);
    with_array(env, array, offset, length, |bytes| {
        hasher.update(bytes);
    });
}

#[no_mangle]
pub unsafe extern "system" fn Java_org_vdfs_store_internal_hash_NativeBlake3_digest(
    env: JNIEnv, _class: JObject, handle: JLong, out: JObject,
) {
    let hasher = &*(handle as *const blake3::Hasher);
    write_digest(env, out, &hasher.finalize());
}

#[no_mangle]
pub unsafe extern "system" fn Java_org_vdfs_store_internal_hash_NativeBlake3_reset(_env: JNIEnv, _class: JObject, handle: JLong) {
    (*(handle as *mut blake3::Hasher)).reset();
}

#[no_mangle]
pub unsafe extern "system" fn Java_org_vdfs_store_internal_hash_NativeBlake3_free(_env: JNIEnv, _class: JObject, handle: JLong) {
    if handle != 0 {
        drop(Box::from_raw(handle as *mut blake3::Hasher));
    }
}

#[no_mangle]
pub unsafe extern "system" fn Java_org_vdfs_store_internal_hash_NativeBlake3_hashArray(
    env: JNIEnv, _class: JObject, array: JObject, offset: JInt, length: JInt, out: JObject,
) {
    let hash = if length <= 0 {
        blake3::hash(&[])
    } else {
        match with_array(env, array, offset, length, blake3::hash) {
            Some(hash) => hash,
            None => return,
        }
    };
    write_digest(env, out, &hash);
}
