export { IceServerError, validateIceServers, type IceServerRule } from './validateIceServers';
