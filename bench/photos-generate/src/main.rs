//! `photos-generate N WIDTH HEIGHT OUT`: N JPEG photos of WIDTH×HEIGHT px in OUT, named
//! `photo-001.jpg`, …, at quality 92 like a camera's. Each is a different smooth scene
//! (gradients and waves) with per-pixel noise, so that encoders work as hard as on real
//! photos; the same arguments give the same files.

use std::path::PathBuf;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [n, width, height, out] = args.as_slice() else {
        eprintln!("usage: photos-generate N WIDTH HEIGHT OUT");
        std::process::exit(2);
    };
    let (n, width, height): (u32, u32, u32) = (
        n.parse().expect("N"),
        width.parse().expect("WIDTH"),
        height.parse().expect("HEIGHT"),
    );
    let out = PathBuf::from(out);
    std::fs::create_dir_all(&out).expect("OUT");
    for i in 1..=n {
        let path = out.join(format!("photo-{i:03}.jpg"));
        if path.is_file() {
            continue;
        }
        let mut seed = u64::from(i).wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
        let phase = i as f32 * 0.7;
        let image = image::RgbImage::from_fn(width, height, |x, y| {
            // xorshift: cheap noise, fixed by the photo's number.
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let noise = (seed % 24) as f32 - 12.0;
            let (u, v) = (x as f32 / width as f32, y as f32 / height as f32);
            let wave = ((u * 9.0 + phase).sin() * (v * 7.0 - phase).cos()) * 60.0;
            let channel = |base: f32| (base + wave + noise).clamp(0.0, 255.0) as u8;
            image::Rgb([
                channel(90.0 + 120.0 * u),
                channel(70.0 + 100.0 * v),
                channel(150.0 - 80.0 * u * v),
            ])
        });
        let mut file = std::io::BufWriter::new(std::fs::File::create(&path).expect("write"));
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut file, 92)
            .encode_image(&image)
            .expect("encode");
    }
}
