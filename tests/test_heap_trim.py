import platform

import pytest

from fiscaldoc import memory


@pytest.mark.skipif(platform.system() != "Linux" or platform.libc_ver()[0] != "glibc",
                    reason="malloc_trim is glibc's")
def test_glibc_trim_is_found_and_called():
    assert memory._trim() is not None
    blocks = [bytearray(1 << 20) for _ in range(64)]
    del blocks
    assert isinstance(memory.release_freed_memory(), bool)
