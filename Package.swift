// swift-tools-version:6.0
import PackageDescription

// Layers (see DESIGN.md): a target never imports one above it.
//   camo → CAMO → CAMOGate, CAMOForensics → CAMORuntime, CAMOVision → CTurboJPEG, CSpng, CWebP, CHeif
//   CAMOForensics also links CZlib; CAMORuntime takes SHA-256 from swift-crypto.
//   CAMOLearn (Foundation only) sits beside CAMORuntime, below CAMO. CAMOMirror (camo mirror) sits on CAMOEval.
let package = Package(
    name: "camo",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "camo", targets: ["camo"]),
        .library(name: "CAMO", targets: ["CAMO"]),
        .library(name: "CAMOVision", targets: ["CAMOVision"]),
        .library(name: "CAMORuntime", targets: ["CAMORuntime"]),
        .library(name: "CAMOForensics", targets: ["CAMOForensics"]),
        .library(name: "CAMOGate", targets: ["CAMOGate"]),
        .library(name: "CAMOServer", targets: ["CAMOServer"]),
        .library(name: "CAMOEval", targets: ["CAMOEval"]),
        .library(name: "CAMOLearn", targets: ["CAMOLearn"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.0.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.0.0"),
        // Already resolved for Hummingbird's TLS stack; CAMOForensics verifies C2PA signatures with them.
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-asn1.git", from: "1.7.4"),
    ],
    targets: [
        .systemLibrary(name: "CTurboJPEG", pkgConfig: "libturbojpeg", providers: [.apt(["libturbojpeg0-dev"])]),
        .systemLibrary(name: "CSpng", pkgConfig: "spng", providers: [.apt(["libspng-dev"])]),
        .systemLibrary(name: "CWebP", pkgConfig: "libwebp", providers: [.apt(["libwebp-dev"])]),
        .systemLibrary(name: "CHeif", pkgConfig: "libheif", providers: [.apt(["libheif-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CFFmpeg", pkgConfig: "libavformat",
                       providers: [.apt(["libavformat-dev", "libavcodec-dev", "libswscale-dev", "libavutil-dev"])]),

        .target(name: "CAMOVision", dependencies: ["CTurboJPEG", "CSpng", "CWebP", "CHeif"]),
        .target(name: "CAMORuntime", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        .target(name: "CAMOLearn"),
        .target(
            name: "CAMOForensics",
            dependencies: [
                "CAMOVision", "CZlib",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ]
        ),
        .target(name: "CAMOGate", dependencies: ["CAMORuntime", "CAMOVision"]),
        .target(
            name: "CAMO",
            dependencies: [
                "CAMOGate", "CAMOForensics", "CAMORuntime", "CAMOLearn",
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .target(name: "CAMOEval", dependencies: ["CAMO", "CAMOLearn", "CAMOVision", "CAMORuntime"]),
        .target(name: "CAMOVideo", dependencies: ["CAMO", "CAMOEval", "CAMOForensics", "CAMOVision", "CFFmpeg"]),
        .target(name: "CAMOMirror", dependencies: ["CAMOEval", "CAMO", "CAMOVision", "CAMORuntime"]),

        .target(
            name: "CAMOServer",
            dependencies: [
                "CAMO", "CAMOVision", "CAMOVideo",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),

        .executableTarget(
            name: "camo",
            dependencies: [
                "CAMO", "CAMOVision", "CAMORuntime", "CAMOForensics", "CAMOGate", "CAMOServer", "CAMOEval", "CAMOMirror", "CAMOVideo",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        .target(name: "CAMOTesting", dependencies: ["CAMO", "CAMOGate", "CAMOLearn", "CAMOVision"], path: "Sources/CAMOTesting"),
        .testTarget(name: "CAMOVisionTests", dependencies: ["CAMOVision", "CAMORuntime", "CAMOTesting"]),
        .testTarget(name: "CAMORuntimeTests", dependencies: ["CAMORuntime", "CAMOTesting"]),
        .testTarget(name: "CAMOForensicsTests", dependencies: ["CAMOForensics", "CAMOTesting", "CZlib"]),
        .testTarget(name: "CAMOGateTests", dependencies: ["CAMOGate", "CAMOTesting"]),
        .testTarget(name: "CAMOTests", dependencies: ["CAMO", "CAMOLearn", "CAMOTesting"]),
        .testTarget(
            name: "CAMOServerTests",
            dependencies: [
                "CAMOServer", "CAMOTesting",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .testTarget(name: "CAMOVideoTests", dependencies: ["CAMOVideo", "CAMO", "CAMOEval", "CAMOGate", "CAMOVision", "CAMORuntime", "CAMOTesting"]),
        .testTarget(name: "CAMOMirrorTests", dependencies: ["CAMOMirror", "CAMOEval", "CAMOVision", "CAMOTesting"]),
        .testTarget(name: "CAMOEvalTests", dependencies: ["CAMOEval", "CAMOLearn", "CAMOTesting"]),
        .testTarget(name: "CAMOLearnTests", dependencies: ["CAMOLearn", "CAMOTesting"]),
    ],
    swiftLanguageModes: [.v6]
)
