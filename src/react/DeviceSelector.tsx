import { forwardRef, useId, type ReactNode, type SelectHTMLAttributes } from 'react';
import type { DeviceKind, DeviceManager } from '../core/media/DeviceManager';
import { deviceOptions, type DeviceOptions } from '../core/media/deviceOptions';
import { useDevices } from './useDevices';

/** What a custom {@link DeviceSelector} rendering receives. */
export interface DeviceSelectorRenderProps extends DeviceOptions {
  /** Chooses a device of this kind (remembered), or `null` for the system default. */
  readonly select: (deviceId: string | null) => void;
}

/** Props of {@link DeviceSelector}; other `<select>` props go to the `<select>`. */
export interface DeviceSelectorProps extends Omit<
  SelectHTMLAttributes<HTMLSelectElement>,
  'children' | 'value' | 'defaultValue'
> {
  readonly kind: DeviceKind;
  /** The visible label. Default: Camera, Microphone or Speaker. */
  readonly label?: ReactNode;
  /** The manager to use; default: the page's shared one. */
  readonly manager?: DeviceManager;
  /** Renders a custom picker instead of the native `<select>`. */
  readonly children?: (props: DeviceSelectorRenderProps) => ReactNode;
}

const LABEL: Record<DeviceKind, string> = { videoinput: 'Camera', audioinput: 'Microphone', audiooutput: 'Speaker' };

/**
 * A labelled native `<select>` of cameras, microphones or speakers. Choosing one re-captures every
 * `useLocalMedia` on the page from it (and, in a call, swaps the sent track). Disabled, with the
 * reason as its description, when permission is denied or the browser cannot choose speakers;
 * `data-state` on the wrapper says which (`loading | ready | empty | no-permission | blocked |
 * unsupported`). Pass a function as children to render your own picker.
 *
 * @example
 * ```tsx
 * <DeviceSelector kind="audioinput" />
 * <DeviceSelector kind="videoinput">
 *   {({ devices, value, select }) => devices.map((camera) => (
 *     <button key={camera.deviceId} aria-pressed={camera.deviceId === value} onClick={() => select(camera.deviceId)}>
 *       {camera.label}
 *     </button>
 *   ))}
 * </DeviceSelector>
 * ```
 */
export const DeviceSelector = forwardRef<HTMLSelectElement, DeviceSelectorProps>(function DeviceSelector(
  { kind, label, manager, children, onChange, disabled, id, ...rest },
  ref,
) {
  const devices = useDevices({ manager });
  const options = deviceOptions(devices, kind);
  const generatedId = useId();
  const selectId = id ?? `${generatedId}-select`;
  const reasonId = `${generatedId}-reason`;
  const select = (deviceId: string | null) => devices.select(kind, deviceId);

  if (children) return <>{children({ ...options, select })}</>;
  return (
    <div data-rtckit-device-selector="" data-kind={kind} data-state={options.state}>
      <label htmlFor={selectId}>{label ?? LABEL[kind]}</label>
      <select
        {...rest}
        ref={ref}
        id={selectId}
        value={options.value}
        disabled={disabled || options.disabled}
        aria-describedby={options.reason ? reasonId : undefined}
        onChange={(event) => {
          onChange?.(event);
          if (!event.defaultPrevented) select(event.target.value);
        }}
      >
        {options.devices.map((device, index) => (
          <option key={device.deviceId || index} value={device.deviceId}>
            {device.label || `${LABEL[kind]} ${index + 1}`}
          </option>
        ))}
      </select>
      {options.reason && (
        <p id={reasonId} data-rtckit-reason="">
          {options.reason}
        </p>
      )}
    </div>
  );
});
