import CZlib
import Foundation

/// zlib inflate with a hard output cap, for compressed PNG text chunks: a compressed chunk is a
/// classic decompression bomb, so output past `limit` is an error, never an allocation.
enum Inflate {
    static func inflate(_ input: ArraySlice<UInt8>, limit: Int) throws -> [UInt8] {
        var stream = z_stream()
        guard vigie_inflate_init(&stream) == Z_OK else { throw MediaError(.corrupt, "zlib could not start") }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        var input = Array(input)
        let status: Int32 = input.withUnsafeMutableBufferPointer { inBuf in
            stream.next_in = inBuf.baseAddress
            stream.avail_in = uInt(inBuf.count)
            while true {
                let status = chunk.withUnsafeMutableBufferPointer { outBuf -> Int32 in
                    stream.next_out = outBuf.baseAddress
                    stream.avail_out = uInt(outBuf.count)
                    return CZlib.inflate(&stream, Z_NO_FLUSH)
                }
                let produced = chunk.count - Int(stream.avail_out)
                if output.count + produced > limit { return Z_MEM_ERROR }
                output.append(contentsOf: chunk[0..<produced])
                if status == Z_STREAM_END { return Z_STREAM_END }
                if status != Z_OK { return status }
                if stream.avail_in == 0 && produced == 0 { return Z_BUF_ERROR }
            }
        }
        if status == Z_MEM_ERROR { throw MediaError(.tooLarge, "compressed metadata expands past the limit") }
        guard status == Z_STREAM_END else { throw MediaError(.corrupt, "compressed metadata is corrupt") }
        return output
    }
}
