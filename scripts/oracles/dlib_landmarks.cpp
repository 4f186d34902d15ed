// Oracle for CAMOGate's 68-point landmarks: dlib itself (Debian libdlib-dev).
//
// Usage: dlib_landmarks MODEL.dat < list
// Each input line names a raw image file (4-byte little-endian width, 4-byte little-endian
// height, then width*height*3 bytes of interleaved RGB), optionally followed by a rectangle
// "left top right bottom". After a first line describing the model, one JSON line per input
// line goes to stdout with the given rectangle or, without one, every face the frontal face
// detector finds (upsample 1, exactly as dlib's Python binding `detector(img, 1)` does it);
// for each rectangle:
//   - "points": the 68 landmarks dlib's shape_predictor returns (integer pixels), and
//   - "exact":  the same cascade before dlib's final rounding to integer points, computed with
//               dlib's own impl:: functions on the deserialized model, so sub-pixel agreement
//               can be checked too. The program aborts if rounding "exact" does not give
//               "points", which proves the replay matches shape_predictor::operator().
#include <dlib/image_processing.h>
#include <dlib/image_processing/frontal_face_detector.h>
#include <dlib/image_transforms.h>
#include <dlib/serialize.h>

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

using namespace dlib;

namespace {

// The model's parts, read with dlib's own deserializers in the order shape_predictor.h writes them.
struct CascadeModel {
    matrix<float, 0, 1> initial_shape;
    std::vector<std::vector<impl::regression_tree>> forests;
    std::vector<std::vector<unsigned long>> anchor_idx;
    std::vector<std::vector<dlib::vector<float, 2>>> deltas;
};

CascadeModel read_model(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    int version = 0;
    CascadeModel model;
    deserialize(version, in);
    if (version != 1) throw std::runtime_error("unexpected shape_predictor version");
    deserialize(model.initial_shape, in);
    deserialize(model.forests, in);
    deserialize(model.anchor_idx, in);
    deserialize(model.deltas, in);
    return model;
}

// shape_predictor::operator() without the final conversion of each part to an integer point.
std::vector<dlib::vector<double, 2>> exact_parts(const CascadeModel& model,
                                                 const array2d<rgb_pixel>& img,
                                                 const rectangle& rect) {
    matrix<float, 0, 1> current_shape = model.initial_shape;
    std::vector<float> feature_pixel_values;
    for (unsigned long iter = 0; iter < model.forests.size(); ++iter) {
        impl::extract_feature_pixel_values(img, rect, current_shape, model.initial_shape,
                                           model.anchor_idx[iter], model.deltas[iter],
                                           feature_pixel_values);
        unsigned long leaf_idx;
        for (unsigned long i = 0; i < model.forests[iter].size(); ++i)
            current_shape += model.forests[iter][i](feature_pixel_values, leaf_idx);
    }
    const point_transform_affine tform_to_img = impl::unnormalizing_tform(rect);
    std::vector<dlib::vector<double, 2>> parts(current_shape.size() / 2);
    for (unsigned long i = 0; i < parts.size(); ++i)
        parts[i] = tform_to_img(impl::location(current_shape, i));
    return parts;
}

bool read_raw_rgb(const std::string& path, array2d<rgb_pixel>& img) {
    std::ifstream in(path, std::ios::binary);
    unsigned char header[8];
    if (!in.read(reinterpret_cast<char*>(header), 8)) return false;
    const uint32_t width = header[0] | header[1] << 8 | header[2] << 16 | uint32_t(header[3]) << 24;
    const uint32_t height = header[4] | header[5] << 8 | header[6] << 16 | uint32_t(header[7]) << 24;
    std::vector<unsigned char> bytes(size_t(width) * height * 3);
    if (!in.read(reinterpret_cast<char*>(bytes.data()), bytes.size())) return false;
    img.set_size(height, width);
    size_t i = 0;
    for (uint32_t y = 0; y < height; ++y)
        for (uint32_t x = 0; x < width; ++x, i += 3)
            img[y][x] = rgb_pixel(bytes[i], bytes[i + 1], bytes[i + 2]);
    return true;
}

// dlib's Python `detector(img, 1)`: pyramid_up once, detect, map rectangles back down.
std::vector<rect_detection> detect_faces(frontal_face_detector& detector, const array2d<rgb_pixel>& img) {
    pyramid_down<2> pyr;
    array2d<rgb_pixel> upsampled;
    pyramid_up(img, upsampled, pyr);
    std::vector<rect_detection> detections;
    detector(upsampled, detections, 0.0);
    for (auto& d : detections) d.rect = pyr.rect_down(d.rect, 1);
    return detections;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: dlib_landmarks MODEL.dat < list-of-raw-rgb-files\n";
        return 2;
    }
    shape_predictor predictor;
    deserialize(argv[1]) >> predictor;
    const CascadeModel model = read_model(argv[1]);
    frontal_face_detector detector = get_frontal_face_detector();
    // First line: the model's shape, so a parser can be checked against dlib's reading of it.
    std::printf("{\"parts\":%lu,\"levels\":%zu,\"trees_per_level\":%zu,\"leaves_per_tree\":%lu,"
                "\"features_per_level\":%zu}\n",
                predictor.num_parts(), model.forests.size(), model.forests[0].size(),
                model.forests[0][0].num_leaves(), model.anchor_idx[0].size());

    std::string line;
    while (std::getline(std::cin, line)) {
        std::istringstream fields(line);
        std::string path;
        long left, top, right, bottom;
        fields >> path;
        const bool given_rect = bool(fields >> left >> top >> right >> bottom);
        array2d<rgb_pixel> img;
        if (!read_raw_rgb(path, img)) {
            std::cerr << "cannot read " << path << "\n";
            return 1;
        }
        std::vector<rect_detection> detections;
        if (given_rect)
            detections.push_back(rect_detection{0.0, 0, rectangle(left, top, right, bottom)});
        else
            detections = detect_faces(detector, img);
        std::printf("{\"faces\":[");
        for (size_t f = 0; f < detections.size(); ++f) {
            const rectangle& r = detections[f].rect;
            const full_object_detection shape = predictor(img, r);
            const std::vector<dlib::vector<double, 2>> exact = exact_parts(model, img, r);
            std::printf("%s{\"rect\":[%ld,%ld,%ld,%ld],\"score\":%.6f,\"points\":[", f ? "," : "",
                        r.left(), r.top(), r.right(), r.bottom(), detections[f].detection_confidence);
            for (unsigned long i = 0; i < shape.num_parts(); ++i) {
                if (point(exact[i]) != shape.part(i)) {
                    std::cerr << "replayed cascade disagrees with shape_predictor in " << path << "\n";
                    return 1;
                }
                std::printf("%s[%ld,%ld]", i ? "," : "", shape.part(i).x(), shape.part(i).y());
            }
            std::printf("],\"exact\":[");
            for (size_t i = 0; i < exact.size(); ++i)
                std::printf("%s[%.6f,%.6f]", i ? "," : "", exact[i].x(), exact[i].y());
            std::printf("]}");
        }
        std::printf("]}\n");
        std::fflush(stdout);
    }
    return 0;
}
