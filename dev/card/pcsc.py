"""Minimal PC/SC client over libpcsclite (ctypes), honouring PCSCLITE_CSOCK_NAME like any client."""
import ctypes
import ctypes.util

_lib = ctypes.CDLL(ctypes.util.find_library("pcsclite") or "libpcsclite.so.1")
DWORD = ctypes.c_ulong  # pcsc-lite on Linux: unsigned long
LONG = ctypes.c_long
SCARD_S_SUCCESS = 0
SCARD_SCOPE_SYSTEM = 2
SCARD_SHARE_SHARED = 2
SCARD_PROTOCOL_T0 = 1
SCARD_PROTOCOL_T1 = 2
SCARD_LEAVE_CARD = 0
SCARD_STATE_UNAWARE = 0
SCARD_STATE_PRESENT = 0x20
SCARD_STATE_EMPTY = 0x10
SCARD_E_NO_READERS_AVAILABLE = 0x8010002E


class _IoRequest(ctypes.Structure):
    _fields_ = [("dwProtocol", DWORD), ("cbPciLength", DWORD)]


class _ReaderState(ctypes.Structure):
    _fields_ = [("szReader", ctypes.c_char_p), ("pvUserData", ctypes.c_void_p),
                ("dwCurrentState", DWORD), ("dwEventState", DWORD), ("cbAtr", DWORD),
                ("rgbAtr", ctypes.c_ubyte * 33)]


class PcscError(Exception):
    def __init__(self, fn, rv):
        super().__init__("%s failed: 0x%08X" % (fn, rv & 0xFFFFFFFF))
        self.rv = rv & 0xFFFFFFFF


def _check(fn, rv):
    if rv != SCARD_S_SUCCESS:
        raise PcscError(fn, rv)


class Context:
    def __init__(self):
        self.h = LONG()
        _check("SCardEstablishContext", _lib.SCardEstablishContext(
            DWORD(SCARD_SCOPE_SYSTEM), None, None, ctypes.byref(self.h)))

    def close(self):
        _lib.SCardReleaseContext(self.h)

    def readers(self):
        n = DWORD(0)
        rv = _lib.SCardListReaders(self.h, None, None, ctypes.byref(n))
        if rv & 0xFFFFFFFF == SCARD_E_NO_READERS_AVAILABLE:
            return []
        _check("SCardListReaders", rv)
        buf = ctypes.create_string_buffer(n.value)
        _check("SCardListReaders", _lib.SCardListReaders(self.h, None, buf, ctypes.byref(n)))
        return [r.decode() for r in buf.raw[:n.value].split(b"\0") if r]

    def state(self, reader, timeout_ms=0, current=SCARD_STATE_UNAWARE):
        rs = _ReaderState(reader.encode(), None, current, 0, 0)
        rv = _lib.SCardGetStatusChange(self.h, DWORD(timeout_ms), ctypes.byref(rs), DWORD(1))
        if rv & 0xFFFFFFFF == 0x8010000A:  # SCARD_E_TIMEOUT
            return rs.dwCurrentState, b""
        _check("SCardGetStatusChange", rv)
        return rs.dwEventState, bytes(rs.rgbAtr[:rs.cbAtr])

    def card_present(self, reader):
        return bool(self.state(reader)[0] & SCARD_STATE_PRESENT)

    def connect(self, reader):
        return Card(self, reader)


class Card:
    def __init__(self, ctx, reader):
        self.h, self.proto = LONG(), DWORD()
        _check("SCardConnect", _lib.SCardConnect(
            ctx.h, reader.encode(), DWORD(SCARD_SHARE_SHARED),
            DWORD(SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1), ctypes.byref(self.h),
            ctypes.byref(self.proto)))

    def transmit(self, apdu):
        """Raw APDU in, (data, sw) out; no automatic 61xx/6Cxx handling."""
        pci = _IoRequest(self.proto.value, ctypes.sizeof(_IoRequest))
        out = (ctypes.c_ubyte * 260)()
        n = DWORD(len(out))
        inp = (ctypes.c_ubyte * len(apdu)).from_buffer_copy(bytes(apdu))
        _check("SCardTransmit", _lib.SCardTransmit(self.h, ctypes.byref(pci), inp,
                                                   DWORD(len(apdu)), None, out, ctypes.byref(n)))
        r = bytes(out[:n.value])
        return r[:-2], (r[-2] << 8) | r[-1]

    def t0(self, apdu):
        """Like a T=0-aware client: follows 61xx with GET RESPONSE and 6Cxx by re-sending."""
        data, sw = self.transmit(apdu)
        if sw >> 8 == 0x6C:
            data, sw = self.transmit(bytes(apdu[:4]) + bytes([sw & 0xFF]))
        acc = data
        while sw >> 8 == 0x61:
            data, sw = self.transmit(bytes([0x00, 0xC0, 0x00, 0x00, sw & 0xFF]))
            acc += data
        return acc, sw

    def disconnect(self):
        _lib.SCardDisconnect(self.h, DWORD(SCARD_LEAVE_CARD))
