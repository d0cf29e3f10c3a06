/*
 * Wine workaround (the Windows lane only; see .ci/windows-lane.sh). Windows 10 and later have
 * bcryptprimitives.dll in System32; Wine 8 does not, and the keychain's Windows binary
 * (@napi-rs/keyring-win32-x64-msvc, built with Rust, whose standard library imports ProcessPrng
 * from it) then fails to load with "Module not found". ProcessPrng is the one export it needs:
 * here it fills the buffer from RtlGenRandom (advapi32's SystemFunction036), which Wine has.
 * Like Windows' own, it never fails for a valid buffer.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length) {
  while (length > 0) {
    ULONG chunk = length > 0x10000000 ? 0x10000000 : (ULONG)length;
    if (!SystemFunction036(data, chunk)) return FALSE;
    data += chunk;
    length -= chunk;
  }
  return TRUE;
}
