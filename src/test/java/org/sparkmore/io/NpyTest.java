package org.sparkmore.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

class NpyTest {

    private static byte[] write(float[] values) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Npy.writeFloats(values, out);
        return out.toByteArray();
    }

    private static float[] read(byte[] bytes) throws IOException {
        return Npy.readFloats(new ByteArrayInputStream(bytes), "params.npy");
    }

    private static String readError(byte[] bytes) {
        return assertThrows(ModelFileException.class, () -> read(bytes)).getMessage();
    }

    @Test
    void headerIsNumpyVersionOneAlignedTo64Bytes() throws IOException {
        for (int n : new int[] {0, 7, 11897, 123_456_789}) {
            byte[] h = Npy.header(n);
            assertArrayEquals(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}, Arrays.copyOf(h, 8));
            int len = ByteBuffer.wrap(h, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort();
            assertEquals(h.length, 10 + len, "header length field covers the dict");
            assertEquals(0, h.length % 64, "preamble plus dict is a multiple of 64");
            String dict = new String(h, 10, len, StandardCharsets.US_ASCII);
            String expected = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + n + ",), }";
            assertEquals(expected, dict.stripTrailing());
            assertTrue(dict.endsWith("\n"));
            assertTrue(dict.substring(expected.length(), len - 1).isBlank(), "padded with spaces");
        }
    }

    @Test
    void dataFollowsTheHeaderAsLittleEndianFloats() throws IOException {
        byte[] bytes = write(new float[] {1.0f, -2.5f});
        int start = Npy.header(2).length;
        assertEquals(128, start, "the dict for a short vector takes 61 bytes, so the data starts at 128");
        assertEquals(start + 8, bytes.length);
        ByteBuffer data = ByteBuffer.wrap(bytes, start, 8).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(1.0f, data.getFloat());
        assertEquals(-2.5f, data.getFloat());
    }

    @Test
    void roundTripIsBitwise() throws IOException {
        float[] values = new float[20_000];
        for (int i = 0; i < values.length; i++) values[i] = (float) Math.sin(i) * i;
        values[0] = Float.NaN;
        values[1] = -0.0f;
        values[2] = Float.MIN_VALUE;
        values[3] = Float.NEGATIVE_INFINITY;
        values[4] = Float.intBitsToFloat(0x7fc12345);
        float[] back = read(write(values));
        assertEquals(values.length, back.length);
        for (int i = 0; i < values.length; i++)
            assertEquals(Float.floatToRawIntBits(values[i]), Float.floatToRawIntBits(back[i]), "index " + i);
        assertEquals(0, read(write(new float[0])).length);
    }

    @Test
    void readsHeadersSpacedDifferently() throws IOException {
        String dict = "{'shape':(2,),'fortran_order':False,'descr':'<f4'}\n";
        ByteBuffer buf = ByteBuffer.allocate(10 + dict.length() + 8).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) dict.length());
        buf.put(dict.getBytes(StandardCharsets.US_ASCII)).putFloat(3f).putFloat(4f);
        assertArrayEquals(new float[] {3f, 4f}, read(buf.array()));
    }

    @Test
    void rejectsBadMagic() {
        assertEquals("params.npy is not a NumPy .npy file (bad magic)",
                readError("{\"not\": \"npy\"}".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("params.npy is not a NumPy .npy file (bad magic)", readError(new byte[0]));
    }

    @Test
    void rejectsOtherVersions() throws IOException {
        byte[] bytes = write(new float[] {1f});
        bytes[6] = 2;
        assertTrue(readError(bytes).contains("npy format version 2.0; only 1.0 is supported"));
    }

    @Test
    void rejectsOtherDtypeOrderAndShape() throws IOException {
        assertTrue(readError(withDict("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", 8))
                .contains("dtype '<f8'"));
        assertTrue(readError(withDict("{'descr': '>f4', 'fortran_order': False, 'shape': (1,), }", 4))
                .contains("dtype '>f4'"));
        assertTrue(readError(withDict("{'descr': '<f4', 'fortran_order': True, 'shape': (1,), }", 4))
                .contains("Fortran order"));
        assertTrue(readError(withDict("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", 24))
                .contains("shape (2, 3); expected a 1-D array"));
        assertTrue(readError(withDict("{'descr': '<f4', 'fortran_order': False, 'shape': (), }", 4))
                .contains("expected a 1-D array"));
        assertTrue(readError(withDict("{'descr': '<f4', 'fortran_order': False}", 4))
                .contains("no readable 'shape'"));
    }

    @Test
    void rejectsTruncatedAndOverlongData() throws IOException {
        byte[] full = write(new float[11897]);
        byte[] cut = Arrays.copyOf(full, Npy.header(11897).length + 20000);
        assertEquals("params.npy is truncated: header says 11897 floats, file has 20000 bytes of data",
                readError(cut));
        byte[] longer = Arrays.copyOf(full, full.length + 3);
        assertEquals("params.npy has trailing data: header says 11897 floats, file has 47591 bytes of data",
                readError(longer));
        assertTrue(readError(Arrays.copyOf(full, 30)).contains("truncated inside its header"));
    }

    @Test
    void rejectsAHeaderThatIsNoPythonDictOfThoseKeys() {
        for (String dict : new String[] {"{'descr': '<f4', 'fortran_order': False, 'shape': (1 ), }",
                "{'descr': '<f4'- 'fortran_order': False, 'shape': (1,), }",
                "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'extra': 1}",
                "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }  !"})
            assertTrue(readError(withDict(dict, 4)).startsWith("params.npy has a malformed header: " + dict), dict);
    }

    /** A version 1.0 file with the given dict text and that many zero bytes of data. */
    private static byte[] withDict(String dict, int dataBytes) {
        String text = dict + "\n";
        ByteBuffer buf = ByteBuffer.allocate(10 + text.length() + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) text.length());
        buf.put(text.getBytes(StandardCharsets.US_ASCII));
        return buf.array();
    }
}
