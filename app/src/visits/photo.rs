//! Visit photos: whatever a phone camera produced (JPEG or PNG, up to the upload limit) is
//! decoded, shrunk to at most 1280 px on its longer side and stored as a JPEG of ~100–200 KB,
//! so a county's million visits do not fill its disk with 5 MB originals. EXIF (with its GPS
//! position and device) is dropped by the re-encoding.

use crate::error::{AppError, Reason};
use image::{ImageFormat, ImageReader, Limits, codecs::jpeg::JpegEncoder};
use std::io::Cursor;

pub const MAX_SIDE: u32 = 1280;
const QUALITY: u8 = 80;

/// The stored JPEG. CPU-bound: call it off the async runtime (`spawn_blocking`).
pub fn shrink(bytes: &[u8]) -> Result<Vec<u8>, AppError> {
    let bad = || AppError::invalid("photo", Reason::BadPhoto);
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|_| bad())?;
    if !matches!(reader.format(), Some(ImageFormat::Jpeg | ImageFormat::Png)) {
        return Err(bad());
    }
    // A decompression bomb must not take the server's memory.
    let mut limits = Limits::default();
    limits.max_image_width = Some(12_000);
    limits.max_image_height = Some(12_000);
    limits.max_alloc = Some(256 * 1024 * 1024);
    reader.limits(limits);
    let image = reader.decode().map_err(|_| bad())?;
    let image = if image.width().max(image.height()) > MAX_SIDE {
        image.thumbnail(MAX_SIDE, MAX_SIDE)
    } else {
        image
    };
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, QUALITY)
        .encode_image(&image.to_rgb8())
        .map_err(|_| bad())?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_large_png_becomes_a_small_jpeg_and_garbage_is_refused() {
        let big = image::RgbImage::from_fn(2000, 1000, |x, y| {
            image::Rgb([(x % 256) as u8, (y % 256) as u8, 128])
        });
        let mut png = Vec::new();
        big.write_to(&mut Cursor::new(&mut png), ImageFormat::Png)
            .unwrap();
        let jpeg = shrink(&png).unwrap();
        let back = image::load_from_memory(&jpeg).unwrap();
        assert_eq!((back.width(), back.height()), (1280, 640));
        assert!(matches!(shrink(b"not an image"), Err(AppError::Invalid(_))));
    }
}
