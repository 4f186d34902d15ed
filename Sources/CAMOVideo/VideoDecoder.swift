import CAMOVision
import CFFmpeg
import Foundation

/// Limits a video must respect before anything is decoded.
public struct VideoLimits: Sendable {
    /// Pixels per frame; default 40 MP (8K is 33 MP).
    public var maximumPixels: Int = 40_000_000
    public init() {}
}

/// Decodes a video file through FFmpeg's libraries (libavformat, libavcodec, libswscale), one frame at a time, so
/// memory stays flat whatever the length. Frames come out upright as RGB: the stream's display matrix (phone clips
/// are stored sideways) is applied.
///
/// ```swift
/// let decoder = try VideoDecoder(path: "clip.mp4")
/// while let frame = try decoder.nextFrame(sampling: &selector) { … }
/// ```
public final class VideoDecoder {
    public let path: String
    public let info: VideoInfo
    private var format: UnsafeMutablePointer<AVFormatContext>?
    private var codec: UnsafeMutablePointer<AVCodecContext>?
    private var scaler: OpaquePointer?
    private let packet: UnsafeMutablePointer<AVPacket>
    private let frame: UnsafeMutablePointer<AVFrame>
    private let streamIndex: Int32
    private let timeBase: Double
    private let startTime: Int64
    private let maximumPixels: Int
    private var decoded = 0
    /// swscale's output, kept from frame to frame: frames of a stream share their size.
    private var converted: [UInt8] = []
    private var draining = false
    private var finished = false

    /// `AVERROR(EAGAIN)` and `AVERROR_EOF`, macros Swift cannot import.
    private static let again: Int32 = -11
    private static let endOfFile: Int32 = -0x2046_4F45
    private static let noTimestamp = Int64.min

    public init(path: String, limits: VideoLimits = VideoLimits(), keyFramesOnly: Bool = false) throws(VideoError) {
        self.path = path
        av_log_set_level(AV_LOG_QUIET)
        var format: UnsafeMutablePointer<AVFormatContext>?
        var codec: UnsafeMutablePointer<AVCodecContext>?
        var packet = av_packet_alloc()
        var frame = av_frame_alloc()
        func fail(_ error: VideoError) -> VideoError {
            av_packet_free(&packet)
            av_frame_free(&frame)
            avcodec_free_context(&codec)
            avformat_close_input(&format)
            return error
        }
        guard packet != nil, frame != nil else { throw fail(.unreadable(path: path, detail: "out of memory")) }
        var status = avformat_open_input(&format, path, nil, nil)
        guard status >= 0, let context = format else { throw fail(.unreadable(path: path, detail: Self.message(status))) }
        status = avformat_find_stream_info(context, nil)
        guard status >= 0 else { throw fail(.unreadable(path: path, detail: Self.message(status))) }
        var decoder: UnsafePointer<AVCodec>?
        let index = av_find_best_stream(context, AVMEDIA_TYPE_VIDEO, -1, -1, &decoder, 0)
        guard index >= 0, let stream = context.pointee.streams[Int(index)], let parameters = stream.pointee.codecpar else {
            throw fail(.noVideoStream(path: path))
        }
        let codecName = String(cString: avcodec_get_name(parameters.pointee.codec_id))
        let storedWidth = Int(parameters.pointee.width), storedHeight = Int(parameters.pointee.height)
        guard storedWidth > 0, storedHeight > 0, storedWidth * storedHeight <= limits.maximumPixels else {
            throw fail(.absurdDimensions(path: path, width: storedWidth, height: storedHeight))
        }
        guard let decoder else { throw fail(.unsupportedCodec(path: path, codec: codecName)) }
        codec = avcodec_alloc_context3(decoder)
        guard let codecContext = codec else { throw fail(.unreadable(path: path, detail: "out of memory")) }
        avcodec_parameters_to_context(codecContext, parameters)
        // Two threads at most: the pipeline's experts need the other core.
        codecContext.pointee.thread_count = 2
        if keyFramesOnly { codecContext.pointee.skip_frame = AVDISCARD_NONKEY }
        status = avcodec_open2(codecContext, decoder, nil)
        guard status >= 0 else { throw fail(.unsupportedCodec(path: path, codec: "\(codecName) (\(Self.message(status)))")) }
        for i in 0..<Int(context.pointee.nb_streams) where i != Int(index) {
            context.pointee.streams[i]?.pointee.discard = AVDISCARD_ALL
        }
        let timeBase = av_q2d(stream.pointee.time_base)
        let rotation = Self.rotation(of: stream)
        let swaps = rotation == 90 || rotation == 270
        var duration: Double?
        if stream.pointee.duration > 0 { duration = Double(stream.pointee.duration) * timeBase }
        else if context.pointee.duration > 0 { duration = Double(context.pointee.duration) / Double(AV_TIME_BASE) }
        let rate = av_q2d(stream.pointee.avg_frame_rate)
        var metadata = Self.tags(context.pointee.metadata)
        for (key, value) in Self.tags(stream.pointee.metadata) where metadata[key] == nil { metadata[key] = value }
        let hasAudio = (0..<Int(context.pointee.nb_streams)).contains {
            context.pointee.streams[$0]?.pointee.codecpar.pointee.codec_type == AVMEDIA_TYPE_AUDIO
        }
        info = VideoInfo(
            container: String(cString: context.pointee.iformat.pointee.name), codec: codecName,
            width: swaps ? storedHeight : storedWidth, height: swaps ? storedWidth : storedHeight, rotation: rotation,
            duration: duration, frameRate: rate.isFinite && rate > 0 ? rate : nil,
            declaredFrames: stream.pointee.nb_frames > 0 ? Int(stream.pointee.nb_frames) : nil, hasAudio: hasAudio, metadata: metadata)
        self.format = format
        self.codec = codec
        self.packet = packet!
        self.frame = frame!
        self.streamIndex = index
        self.timeBase = timeBase
        self.startTime = stream.pointee.start_time == Self.noTimestamp ? 0 : stream.pointee.start_time
        self.maximumPixels = limits.maximumPixels
    }

    deinit {
        sws_freeContext(scaler)
        var packet: UnsafeMutablePointer<AVPacket>? = self.packet
        var frame: UnsafeMutablePointer<AVFrame>? = self.frame
        av_packet_free(&packet)
        av_frame_free(&frame)
        avcodec_free_context(&codec)
        avformat_close_input(&format)
    }

    /// The next decoded frame, or nil at the end of the stream. A stream that breaks off after some frames simply ends
    /// (as players do); one that yields nothing throws.
    public func nextFrame() throws(VideoError) -> VideoFrame? {
        guard !finished, let format, let codec else { return nil }
        while true {
            let received = avcodec_receive_frame(codec, frame)
            if received >= 0 {
                defer { av_frame_unref(frame) }
                return try convert()
            }
            if received == Self.endOfFile { finished = true; return nil }
            guard received == Self.again else {
                finished = true
                if decoded == 0 { throw .decodingFailed(path: path, detail: Self.message(received)) }
                return nil
            }
            if draining { finished = true; return nil }
            let read = av_read_frame(format, packet)
            if read < 0 {
                // End of the file, or a cut one: flush what the decoder holds.
                draining = true
                avcodec_send_packet(codec, nil)
                continue
            }
            defer { av_packet_unref(packet) }
            guard packet.pointee.stream_index == streamIndex else { continue }
            let sent = avcodec_send_packet(codec, packet)
            if sent < 0 && sent != Self.again && decoded == 0 && packet.pointee.flags & 1 != 0 {
                finished = true
                throw .decodingFailed(path: path, detail: Self.message(sent))
            }
        }
    }

    private func convert() throws(VideoError) -> VideoFrame {
        let width = Int(frame.pointee.width), height = Int(frame.pointee.height)
        guard width > 0, height > 0, width * height <= maximumPixels else {
            throw .absurdDimensions(path: path, width: width, height: height)
        }
        scaler = sws_getCachedContext(scaler, Int32(width), Int32(height), AVPixelFormat(frame.pointee.format), Int32(width), Int32(height),
                                      AV_PIX_FMT_RGB24, SWS_BICUBIC, nil, nil, nil)
        guard let scaler else { throw .decodingFailed(path: path, detail: "no conversion from pixel format \(frame.pointee.format) to RGB") }
        // swscale's vector code writes whole blocks: give it an aligned stride and a spare row, then pack the rows.
        let stride = (width * 3 + 63) / 64 * 64
        if converted.count != stride * (height + 1) + 64 { converted = [UInt8](repeating: 0, count: stride * (height + 1) + 64) }
        converted.withUnsafeMutableBufferPointer { buffer in
            var planes: [UnsafeMutablePointer<UInt8>?] = [buffer.baseAddress, nil, nil, nil]
            var strides: [Int32] = [Int32(stride), 0, 0, 0]
            withUnsafePointer(to: frame.pointee.data) { data in
                data.withMemoryRebound(to: UnsafePointer<UInt8>?.self, capacity: 8) { source in
                    withUnsafePointer(to: frame.pointee.linesize) { lines in
                        lines.withMemoryRebound(to: Int32.self, capacity: 8) { sourceStrides in
                            _ = sws_scale(scaler, source, sourceStrides, 0, Int32(height), &planes, &strides)
                        }
                    }
                }
            }
        }
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        let rowBytes = width * 3
        for row in 0..<height {
            pixels.replaceSubrange(row * rowBytes..<(row + 1) * rowBytes, with: converted[row * stride..<row * stride + rowBytes])
        }
        var image: Image
        do { image = try Image(width: width, height: height, pixels: pixels) } catch {
            throw .decodingFailed(path: path, detail: "\(error)")
        }
        switch info.rotation {
        case 90: image = image.rotated90(clockwise: true)
        case 180: image = image.rotated180()
        case 270: image = image.rotated90(clockwise: false)
        default: break
        }
        let timestamp = frame.pointee.best_effort_timestamp
        let time = timestamp == Self.noTimestamp ? Double(decoded) / (info.frameRate ?? 25) : Double(timestamp - startTime) * timeBase
        decoded += 1
        return VideoFrame(time: max(0, time), image: image, isKeyFrame: frame.pointee.key_frame != 0, index: decoded - 1)
    }

    /// The clockwise rotation a player applies, from the display matrix (FFmpeg gives it counter-clockwise).
    private static func rotation(of stream: UnsafeMutablePointer<AVStream>) -> Int {
        var size: Int = 0
        guard let data = av_stream_get_side_data(stream, AV_PKT_DATA_DISPLAYMATRIX, &size), size >= 36 else { return 0 }
        let degrees = data.withMemoryRebound(to: Int32.self, capacity: 9) { av_display_rotation_get($0) }
        guard degrees.isFinite else { return 0 }
        let clockwise = Int((-degrees).rounded())
        return ((clockwise % 360) + 360) % 360 / 90 * 90
    }

    private static func tags(_ dictionary: OpaquePointer?) -> [String: String] {
        var result: [String: String] = [:]
        var entry: UnsafeMutablePointer<AVDictionaryEntry>?
        while let next = av_dict_get(dictionary, "", entry, AV_DICT_IGNORE_SUFFIX) {
            result[String(cString: next.pointee.key)] = String(cString: next.pointee.value)
            entry = next
        }
        return result
    }

    private static func message(_ status: Int32) -> String {
        var buffer = [CChar](repeating: 0, count: 128)
        av_strerror(status, &buffer, buffer.count)
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
