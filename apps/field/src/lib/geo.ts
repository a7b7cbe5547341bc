/** A GPS fix as the sync contract carries it. */
export interface GpsFix {
  lon: number;
  lat: number;
  accuracyM: number | null;
}

/**
 * The phone's position, or null when it has none in time (no permission, no fix indoors, no
 * GPS): a check-in or report is never held up waiting for satellites.
 */
export function locate(timeoutMs = 8000): Promise<GpsFix | null> {
  if (!('geolocation' in navigator)) {
    return Promise.resolve(null);
  }
  return new Promise((resolve) => {
    // Some phones never call back at all: our own timer wins then.
    const timer = setTimeout(() => resolve(null), timeoutMs + 500);
    navigator.geolocation.getCurrentPosition(
      (position) => {
        clearTimeout(timer);
        resolve({
          lon: Number(position.coords.longitude.toFixed(6)),
          lat: Number(position.coords.latitude.toFixed(6)),
          accuracyM: Number.isFinite(position.coords.accuracy)
            ? Math.round(position.coords.accuracy)
            : null,
        });
      },
      () => {
        clearTimeout(timer);
        resolve(null);
      },
      { enableHighAccuracy: true, timeout: timeoutMs, maximumAge: 60_000 },
    );
  });
}
