/* A test-environment shim, never shipped: Rust's standard library (since 1.78) takes its random numbers from
 * ProcessPrng in bcryptprimitives.dll, which every supported Windows has and Wine only gained after 8.0. Under
 * Debian's Wine 8 a program built with it does not start (exit code 53). This DLL gives ProcessPrng over
 * RtlGenRandom (SystemFunction036), which Wine 8 has; .ci/windows.sh puts it into the test prefix's system32
 * when the prefix has no bcryptprimitives.dll of its own. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length) {
    while (length > 0) {
        ULONG chunk = length > 0x40000000 ? 0x40000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk)) {
            return FALSE;
        }
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
