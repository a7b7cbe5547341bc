/**
 * Photos are shrunk on the phone before they are kept (≤ 1600 px, about 0.3 MB, JPEG): a
 * village's one bar of signal carries them, and the phone's storage keeps them until they go.
 * The compressor loads on first use, so it is not part of the app's first load.
 */
const acceptedTypes = new Set(['image/jpeg', 'image/png', 'image/webp']);

export async function preparePhoto(file: File): Promise<Blob> {
  const { default: imageCompression } = await import('browser-image-compression');
  try {
    return await imageCompression(file, {
      maxSizeMB: 0.3,
      maxWidthOrHeight: 1600,
      fileType: 'image/jpeg',
      initialQuality: 0.8,
      // Its worker would load the library from a CDN: no network in the field, and none needed.
      useWebWorker: false,
    });
  } catch (error) {
    // A picture the browser cannot redraw still goes as it is, if the server can read its type.
    if (acceptedTypes.has(file.type)) {
      return file;
    }
    throw error;
  }
}

/** The media type to upload a kept photo with. */
export function uploadType(blob: Blob): string {
  return acceptedTypes.has(blob.type) ? blob.type : 'image/jpeg';
}
