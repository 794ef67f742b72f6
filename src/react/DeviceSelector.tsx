import { forwardRef, useId, type HTMLAttributes, type ReactNode, type SelectHTMLAttributes } from 'react';
import type { DeviceKind, DeviceManager } from '../core/media/DeviceManager';
import { deviceOptions, type DeviceOptions } from '../core/media/deviceOptions';
import { composeEventHandlers } from './internal/composeEventHandlers';
import { useDevices } from './useDevices';

/** What a custom {@link DeviceSelector} rendering receives. */
export interface DeviceSelectorRenderProps extends DeviceOptions {
  /** Chooses a device of this kind (remembered), or `null` for the system default. */
  readonly select: (deviceId: string | null) => void;
}

/** The props of {@link DeviceSelector} that belong to its `<select>` rather than to its root. */
type SelectOwnProps = Pick<
  SelectHTMLAttributes<HTMLSelectElement>,
  'id' | 'name' | 'disabled' | 'required' | 'onChange' | 'aria-describedby'
>;

/**
 * Props of {@link DeviceSelector}. `id`, `name`, `disabled`, `required`, `onChange` and
 * `aria-describedby` (joined with the component's own description) go to the `<select>`; every other
 * prop, and the ref, go to the root element.
 */
export interface DeviceSelectorProps
  extends Omit<HTMLAttributes<HTMLDivElement>, 'children' | keyof SelectOwnProps>, SelectOwnProps {
  readonly kind: DeviceKind;
  /** The visible label. Default: Camera, Microphone or Speaker. */
  readonly label?: ReactNode;
  /** The manager to use; default: the page's shared one. */
  readonly manager?: DeviceManager;
  /** Renders a custom picker inside the root instead of the native `<select>`. */
  readonly children?: (props: DeviceSelectorRenderProps) => ReactNode;
}
const LABEL: Record<DeviceKind, string> = { videoinput: 'Camera', audioinput: 'Microphone', audiooutput: 'Speaker' };

/**
 * A labelled native `<select>` of cameras, microphones or speakers. Choosing one re-captures every
 * `useLocalMedia` on the page from it (and, in a call, swaps the sent track). Disabled, with the
 * reason as its description, when permission is denied or the browser cannot choose speakers;
 * `data-state` on the root `<div>` says which (`loading | ready | empty | no-permission | blocked |
 * unsupported`). Pass a function as children to render your own picker inside the same root, which
 * keeps the ref, the props and `data-state`.
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
export const DeviceSelector = /* @__PURE__ */ forwardRef<HTMLDivElement, DeviceSelectorProps>(function DeviceSelector(
  { kind, label, manager, children, id, name, disabled, required, onChange, 'aria-describedby': describedBy, ...rest },
  ref,
) {
  const devices = useDevices({ manager });
  const options = deviceOptions(devices, kind);
  const generatedId = useId();
  const selectId = id ?? `${generatedId}-select`;
  const reasonId = `${generatedId}-reason`;
  const select = (deviceId: string | null) => devices.select(kind, deviceId);
  const description = [describedBy, options.reason ? reasonId : undefined].filter(Boolean).join(' ');

  return (
    <div {...rest} ref={ref} data-rtckit-device-selector="" data-kind={kind} data-state={options.state}>
      {children ? (
        children({ ...options, select })
      ) : (
        <>
          <label htmlFor={selectId}>{label ?? LABEL[kind]}</label>
          <select
            id={selectId}
            name={name}
            required={required}
            value={options.value}
            disabled={disabled || options.disabled}
            aria-describedby={description || undefined}
            onChange={composeEventHandlers(onChange, (event) => select(event.target.value))}
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
        </>
      )}
    </div>
  );
});
