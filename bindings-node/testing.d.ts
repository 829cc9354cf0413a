/** Credentials of the Visa X-Pay-Token scheme. */
export interface GatewayVisa { apiKey: string; sharedSecret: string; fullPath?: boolean; maxSkew?: number }
/** Credentials of the CyberSource HTTP Signature scheme. */
export interface GatewayCyberSource { merchantId: string; keyId: string; sharedSecret: string; maxSkew?: number }
/** Credentials of the PaySimple PSSERVER scheme. */
export interface GatewayPaySimple { username: string; apiKey: string; maxSkew?: number }
export interface GatewayOptions {
  visa?: GatewayVisa
  cybersource?: GatewayCyberSource
  paysimple?: GatewayPaySimple
  /** 0 (default): any free port. */
  port?: number
}
/** One request the gateway judged. */
export interface GatewayRecord {
  id: number
  method: string
  target: string
  scheme: 'xpay' | 'cybersource' | 'paysimple' | null
  verdict: 'accepted' | 'refused'
  status: number
  reason: string | null
  mistakes: string[]
  message: string | null
  keyId: string | null
  receivedAt: number
}
export interface RunningGateway {
  /** http://127.0.0.1:<port> */
  readonly url: string
  requests(): GatewayRecord[]
  close(): Promise<void>
}
/** Starts a local gateway on 127.0.0.1 (CyberSource sandbox credentials when none are given). */
export function startGateway(options?: GatewayOptions): Promise<RunningGateway>
