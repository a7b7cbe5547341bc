import { useRef, useState } from 'react';
import { Button, DotLoading, Toast } from 'antd-mobile';
import { CameraOutline, CloseCircleFill } from 'antd-mobile-icons';
import { newId } from '../../lib/ids';
import { preparePhoto } from '../../lib/photos';
import { t } from '../../lib/strings';

export interface PickedPhoto {
  id: string;
  blob: Blob;
  url: string;
}

/**
 * Takes photos with the phone's camera (or from its gallery), shrinks them and shows them; the
 * parent keeps them until the report is saved. Each photo gets its id (UUIDv7) here.
 */
export function PhotoPicker(props: {
  value: PickedPhoto[];
  onChange: (photos: PickedPhoto[]) => void;
  max: number;
  testId: string;
}) {
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);

  const add = async (files: FileList | null) => {
    if (!files || files.length === 0) {
      return;
    }
    setBusy(true);
    const added: PickedPhoto[] = [];
    for (const file of Array.from(files).slice(0, props.max - props.value.length)) {
      try {
        const blob = await preparePhoto(file);
        added.push({ id: newId(), blob, url: URL.createObjectURL(blob) });
      } catch {
        Toast.show({ icon: 'fail', content: t('photoFailed') });
      }
    }
    props.onChange([...props.value, ...added]);
    setBusy(false);
    if (input.current) {
      input.current.value = '';
    }
  };

  const remove = (id: string) => {
    const photo = props.value.find((item) => item.id === id);
    if (photo) {
      URL.revokeObjectURL(photo.url);
    }
    props.onChange(props.value.filter((item) => item.id !== id));
  };

  return (
    <div className="photo-picker" data-testid={props.testId} data-count={props.value.length}>
      {props.value.map((photo) => (
        <div key={photo.id} className="photo-thumb">
          <img src={photo.url} alt="" />
          <button
            type="button"
            className="photo-remove"
            aria-label={t('removePhoto')}
            onClick={() => remove(photo.id)}
          >
            <CloseCircleFill />
          </button>
        </div>
      ))}
      {props.value.length < props.max && (
        <Button className="photo-add" onClick={() => input.current?.click()} disabled={busy}>
          {busy ? <DotLoading /> : <CameraOutline fontSize={28} />}
          <div>{busy ? t('photoProcessing') : t('addPhoto')}</div>
        </Button>
      )}
      <input
        ref={input}
        type="file"
        accept="image/*"
        capture="environment"
        multiple
        hidden
        onChange={(event) => void add(event.target.files)}
        data-testid={`${props.testId}-input`}
      />
    </div>
  );
}
