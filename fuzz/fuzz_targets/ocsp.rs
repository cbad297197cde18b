#![no_main]
libfuzzer_sys::fuzz_target!(init: medimail_engine::fuzzing::init(), |data: &[u8]| medimail_engine::fuzzing::ocsp(data));
