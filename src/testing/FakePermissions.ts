/** The permission names {@link FakePermissions} answers for. */
export type FakePermissionName = 'camera' | 'microphone';

class FakePermissionStatus extends EventTarget {
  readonly name: string;
  state: PermissionState;
  onchange: ((this: PermissionStatus, event: Event) => unknown) | null = null;

  constructor(name: string, state: PermissionState) {
    super();
    this.name = name;
    this.state = state;
  }
}

/**
 * A `navigator.permissions` for jsdom tests that answers for `camera` and `microphone` and fires
 * `change` on the returned statuses when {@link FakePermissions.set} changes a state, as browsers do.
 * {@link FakeMediaDevices} given one grants or denies it as captures succeed or are refused.
 *
 * @example
 * ```ts
 * const permissions = new FakePermissions({ camera: 'denied' });
 * const devices = new DeviceManager({ mediaDevices, permissions });
 * permissions.set('camera', 'granted'); // devices.getSnapshot().permission.camera → 'granted'
 * ```
 */
export class FakePermissions {
  readonly #statuses = new Map<FakePermissionName, FakePermissionStatus>();

  constructor(initial: Partial<Record<FakePermissionName, PermissionState>> = {}) {
    for (const name of ['camera', 'microphone'] as const) {
      this.#statuses.set(name, new FakePermissionStatus(name, initial[name] ?? 'prompt'));
    }
  }

  async query({ name }: PermissionDescriptor): Promise<PermissionStatus> {
    const status = this.#statuses.get(name as FakePermissionName);
    if (!status) throw new TypeError(`The provided value '${name}' is not a valid enum value of type PermissionName.`);
    return status as unknown as PermissionStatus;
  }

  /** The current state of a permission. */
  state(name: FakePermissionName): PermissionState {
    return this.#statuses.get(name)!.state;
  }

  /** Changes a permission and fires `change` on its status, if the state is new. */
  set(name: FakePermissionName, state: PermissionState): void {
    const status = this.#statuses.get(name)!;
    if (status.state === state) return;
    status.state = state;
    status.dispatchEvent(new Event('change'));
  }
}
