// https://registry.terraform.io/providers/relayform/smtp/latest/docs/data-sources/virtual_server
// generated from terraform resource schema

import { Construct } from 'constructs';
import * as cdktf from 'cdktf';

// Configuration

export interface DataSmtpVirtualServerConfig extends cdktf.TerraformMetaArguments {
  /**
  * The virtual server id. Set this or `name`.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/data-sources/virtual_server#id DataSmtpVirtualServer#id}
  *
  * Please be aware that the id field is automatically added to all resources in Terraform providers using a Terraform provider SDK version below 2.
  * If you experience problems setting this value it might not be settable. Please take a look at the provider documentation to ensure it should be settable.
  */
  readonly id?: string;
  /**
  * The virtual server name. Set this or `id`.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/data-sources/virtual_server#name DataSmtpVirtualServer#name}
  */
  readonly name?: string;
}
export interface DataSmtpVirtualServerAuthentication {
}

export function dataSmtpVirtualServerAuthenticationToTerraform(struct?: DataSmtpVirtualServerAuthentication): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  return {
  }
}


export function dataSmtpVirtualServerAuthenticationToHclTerraform(struct?: DataSmtpVirtualServerAuthentication): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  const attrs = {
  };
  return attrs;
}

export class DataSmtpVirtualServerAuthenticationOutputReference extends cdktf.ComplexObject {
  private isEmptyObject = false;

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  */
  public constructor(terraformResource: cdktf.IInterpolatingParent, terraformAttribute: string) {
    super(terraformResource, terraformAttribute, false);
  }

  public get internalValue(): DataSmtpVirtualServerAuthentication | undefined {
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: DataSmtpVirtualServerAuthentication | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
    }
  }

  // anonymous - computed: true, optional: false, required: false
  public get anonymous() {
    return this.getBooleanAttribute('anonymous');
  }

  // basic - computed: true, optional: false, required: false
  public get basic() {
    return this.getBooleanAttribute('basic');
  }

  // basic_default_domain - computed: true, optional: false, required: false
  public get basicDefaultDomain() {
    return this.getStringAttribute('basic_default_domain');
  }

  // integrated - computed: true, optional: false, required: false
  public get integrated() {
    return this.getBooleanAttribute('integrated');
  }

  // kerberos_keytab_path - computed: true, optional: false, required: false
  public get kerberosKeytabPath() {
    return this.getStringAttribute('kerberos_keytab_path');
  }

  // kerberos_service_principal - computed: true, optional: false, required: false
  public get kerberosServicePrincipal() {
    return this.getStringAttribute('kerberos_service_principal');
  }
}
export interface DataSmtpVirtualServerConnectionControl {
}

export function dataSmtpVirtualServerConnectionControlToTerraform(struct?: DataSmtpVirtualServerConnectionControl): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  return {
  }
}


export function dataSmtpVirtualServerConnectionControlToHclTerraform(struct?: DataSmtpVirtualServerConnectionControl): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  const attrs = {
  };
  return attrs;
}

export class DataSmtpVirtualServerConnectionControlOutputReference extends cdktf.ComplexObject {
  private isEmptyObject = false;

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  */
  public constructor(terraformResource: cdktf.IInterpolatingParent, terraformAttribute: string) {
    super(terraformResource, terraformAttribute, false);
  }

  public get internalValue(): DataSmtpVirtualServerConnectionControl | undefined {
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: DataSmtpVirtualServerConnectionControl | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
    }
  }

  // mode - computed: true, optional: false, required: false
  public get mode() {
    return this.getStringAttribute('mode');
  }
}
export interface DataSmtpVirtualServerDeadLetter {
}

export function dataSmtpVirtualServerDeadLetterToTerraform(struct?: DataSmtpVirtualServerDeadLetter): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  return {
  }
}


export function dataSmtpVirtualServerDeadLetterToHclTerraform(struct?: DataSmtpVirtualServerDeadLetter): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  const attrs = {
  };
  return attrs;
}

export class DataSmtpVirtualServerDeadLetterOutputReference extends cdktf.ComplexObject {
  private isEmptyObject = false;

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  */
  public constructor(terraformResource: cdktf.IInterpolatingParent, terraformAttribute: string) {
    super(terraformResource, terraformAttribute, false);
  }

  public get internalValue(): DataSmtpVirtualServerDeadLetter | undefined {
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: DataSmtpVirtualServerDeadLetter | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
    }
  }

  // retention_hours - computed: true, optional: false, required: false
  public get retentionHours() {
    return this.getNumberAttribute('retention_hours');
  }

  // send_notice_to - computed: true, optional: false, required: false
  public get sendNoticeTo() {
    return this.getStringAttribute('send_notice_to');
  }
}
export interface DataSmtpVirtualServerDeliveryOutboundSecurity {
}

export function dataSmtpVirtualServerDeliveryOutboundSecurityToTerraform(struct?: DataSmtpVirtualServerDeliveryOutboundSecurity): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  return {
  }
}


export function dataSmtpVirtualServerDeliveryOutboundSecurityToHclTerraform(struct?: DataSmtpVirtualServerDeliveryOutboundSecurity): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  const attrs = {
  };
  return attrs;
}

export class DataSmtpVirtualServerDeliveryOutboundSecurityOutputReference extends cdktf.ComplexObject {
  private isEmptyObject = false;

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  */
  public constructor(terraformResource: cdktf.IInterpolatingParent, terraformAttribute: string) {
    super(terraformResource, terraformAttribute, false);
  }

  public get internalValue(): DataSmtpVirtualServerDeliveryOutboundSecurity | undefined {
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: DataSmtpVirtualServerDeliveryOutboundSecurity | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
    }
  }

  // authentication - computed: true, optional: false, required: false
  public get authentication() {
    return this.getStringAttribute('authentication');
  }

  // client_id - computed: true, optional: false, required: false
  public get clientId() {
    return this.getStringAttribute('client_id');
  }

  // client_secret_wo_version - computed: true, optional: false, required: false
  public get clientSecretWoVersion() {
    return this.getNumberAttribute('client_secret_wo_version');
  }

  // password_wo_version - computed: true, optional: false, required: false
  public get passwordWoVersion() {
    return this.getNumberAttribute('password_wo_version');
  }

  // scope - computed: true, optional: false, required: false
  public get scope() {
    return this.getStringAttribute('scope');
  }

  // tls - computed: true, optional: false, required: false
  public get tls() {
    return this.getBooleanAttribute('tls');
  }

  // tls_ca_pem - computed: true, optional: false, required: false
  public get tlsCaPem() {
    return this.getStringAttribute('tls_ca_pem');
  }

  // tls_fingerprints_sha256 - computed: true, optional: false, required: false
  public get tlsFingerprintsSha256() {
    return cdktf.Fn.tolist(this.getListAttribute('tls_fingerprints_sha256'));
  }

  // tls_policy - computed: true, optional: false, required: false
  public get tlsPolicy() {
    return this.getStringAttribute('tls_policy');
  }

  // token_url - computed: true, optional: false, required: false
  public get tokenUrl() {
    return this.getStringAttribute('token_url');
  }

  // username - computed: true, optional: false, required: false
  public get username() {
    return this.getStringAttribute('username');
  }
}
export interface DataSmtpVirtualServerDelivery {
}

export function dataSmtpVirtualServerDeliveryToTerraform(struct?: DataSmtpVirtualServerDelivery): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  return {
  }
}


export function dataSmtpVirtualServerDeliveryToHclTerraform(struct?: DataSmtpVirtualServerDelivery): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  const attrs = {
  };
  return attrs;
}

export class DataSmtpVirtualServerDeliveryOutputReference extends cdktf.ComplexObject {
  private isEmptyObject = false;

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  */
  public constructor(terraformResource: cdktf.IInterpolatingParent, terraformAttribute: string) {
    super(terraformResource, terraformAttribute, false);
  }

  public get internalValue(): DataSmtpVirtualServerDelivery | undefined {
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: DataSmtpVirtualServerDelivery | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
    }
  }

  // delay_notification_hours - computed: true, optional: false, required: false
  public get delayNotificationHours() {
    return this.getNumberAttribute('delay_notification_hours');
  }

  // expiration_hours - computed: true, optional: false, required: false
  public get expirationHours() {
    return this.getNumberAttribute('expiration_hours');
  }

  // masquerade_domain - computed: true, optional: false, required: false
  public get masqueradeDomain() {
    return this.getStringAttribute('masquerade_domain');
  }

  // outbound_security - computed: true, optional: false, required: false
  private _outboundSecurity = new DataSmtpVirtualServerDeliveryOutboundSecurityOutputReference(this, "outbound_security");
  public get outboundSecurity() {
    return this._outboundSecurity;
  }

  // retry_intervals_minutes - computed: true, optional: false, required: false
  public get retryIntervalsMinutes() {
    return this.getNumberListAttribute('retry_intervals_minutes');
  }

  // smart_host - computed: true, optional: false, required: false
  public get smartHost() {
    return this.getStringAttribute('smart_host');
  }

  // smart_host_port - computed: true, optional: false, required: false
  public get smartHostPort() {
    return this.getNumberAttribute('smart_host_port');
  }
}
export interface DataSmtpVirtualServerLimits {
}

export function dataSmtpVirtualServerLimitsToTerraform(struct?: DataSmtpVirtualServerLimits): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  return {
  }
}


export function dataSmtpVirtualServerLimitsToHclTerraform(struct?: DataSmtpVirtualServerLimits): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  const attrs = {
  };
  return attrs;
}

export class DataSmtpVirtualServerLimitsOutputReference extends cdktf.ComplexObject {
  private isEmptyObject = false;

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  */
  public constructor(terraformResource: cdktf.IInterpolatingParent, terraformAttribute: string) {
    super(terraformResource, terraformAttribute, false);
  }

  public get internalValue(): DataSmtpVirtualServerLimits | undefined {
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: DataSmtpVirtualServerLimits | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
    }
  }

  // connection_timeout_seconds - computed: true, optional: false, required: false
  public get connectionTimeoutSeconds() {
    return this.getNumberAttribute('connection_timeout_seconds');
  }

  // max_connections - computed: true, optional: false, required: false
  public get maxConnections() {
    return this.getNumberAttribute('max_connections');
  }

  // max_connections_per_ip - computed: true, optional: false, required: false
  public get maxConnectionsPerIp() {
    return this.getNumberAttribute('max_connections_per_ip');
  }

  // max_hop_count - computed: true, optional: false, required: false
  public get maxHopCount() {
    return this.getNumberAttribute('max_hop_count');
  }

  // max_message_size_kb - computed: true, optional: false, required: false
  public get maxMessageSizeKb() {
    return this.getNumberAttribute('max_message_size_kb');
  }

  // max_messages_per_connection - computed: true, optional: false, required: false
  public get maxMessagesPerConnection() {
    return this.getNumberAttribute('max_messages_per_connection');
  }

  // max_recipients_per_message - computed: true, optional: false, required: false
  public get maxRecipientsPerMessage() {
    return this.getNumberAttribute('max_recipients_per_message');
  }
}
export interface DataSmtpVirtualServerNdr {
}

export function dataSmtpVirtualServerNdrToTerraform(struct?: DataSmtpVirtualServerNdr): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  return {
  }
}


export function dataSmtpVirtualServerNdrToHclTerraform(struct?: DataSmtpVirtualServerNdr): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  const attrs = {
  };
  return attrs;
}

export class DataSmtpVirtualServerNdrOutputReference extends cdktf.ComplexObject {
  private isEmptyObject = false;

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  */
  public constructor(terraformResource: cdktf.IInterpolatingParent, terraformAttribute: string) {
    super(terraformResource, terraformAttribute, false);
  }

  public get internalValue(): DataSmtpVirtualServerNdr | undefined {
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: DataSmtpVirtualServerNdr | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
    }
  }

  // send_copy_to - computed: true, optional: false, required: false
  public get sendCopyTo() {
    return this.getStringAttribute('send_copy_to');
  }
}
export interface DataSmtpVirtualServerRateLimits {
}

export function dataSmtpVirtualServerRateLimitsToTerraform(struct?: DataSmtpVirtualServerRateLimits): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  return {
  }
}


export function dataSmtpVirtualServerRateLimitsToHclTerraform(struct?: DataSmtpVirtualServerRateLimits): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  const attrs = {
  };
  return attrs;
}

export class DataSmtpVirtualServerRateLimitsOutputReference extends cdktf.ComplexObject {
  private isEmptyObject = false;

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  */
  public constructor(terraformResource: cdktf.IInterpolatingParent, terraformAttribute: string) {
    super(terraformResource, terraformAttribute, false);
  }

  public get internalValue(): DataSmtpVirtualServerRateLimits | undefined {
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: DataSmtpVirtualServerRateLimits | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
    }
  }

  // messages_per_minute_per_account - computed: true, optional: false, required: false
  public get messagesPerMinutePerAccount() {
    return this.getNumberAttribute('messages_per_minute_per_account');
  }

  // messages_per_minute_per_client_ip - computed: true, optional: false, required: false
  public get messagesPerMinutePerClientIp() {
    return this.getNumberAttribute('messages_per_minute_per_client_ip');
  }

  // messages_per_minute_per_sender_domain - computed: true, optional: false, required: false
  public get messagesPerMinutePerSenderDomain() {
    return this.getNumberAttribute('messages_per_minute_per_sender_domain');
  }

  // recipients_per_minute_per_account - computed: true, optional: false, required: false
  public get recipientsPerMinutePerAccount() {
    return this.getNumberAttribute('recipients_per_minute_per_account');
  }

  // recipients_per_minute_per_client_ip - computed: true, optional: false, required: false
  public get recipientsPerMinutePerClientIp() {
    return this.getNumberAttribute('recipients_per_minute_per_client_ip');
  }

  // recipients_per_minute_per_sender_domain - computed: true, optional: false, required: false
  public get recipientsPerMinutePerSenderDomain() {
    return this.getNumberAttribute('recipients_per_minute_per_sender_domain');
  }
}
export interface DataSmtpVirtualServerRelayControl {
}

export function dataSmtpVirtualServerRelayControlToTerraform(struct?: DataSmtpVirtualServerRelayControl): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  return {
  }
}


export function dataSmtpVirtualServerRelayControlToHclTerraform(struct?: DataSmtpVirtualServerRelayControl): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  const attrs = {
  };
  return attrs;
}

export class DataSmtpVirtualServerRelayControlOutputReference extends cdktf.ComplexObject {
  private isEmptyObject = false;

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  */
  public constructor(terraformResource: cdktf.IInterpolatingParent, terraformAttribute: string) {
    super(terraformResource, terraformAttribute, false);
  }

  public get internalValue(): DataSmtpVirtualServerRelayControl | undefined {
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: DataSmtpVirtualServerRelayControl | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
    }
  }

  // allow_authenticated - computed: true, optional: false, required: false
  public get allowAuthenticated() {
    return this.getBooleanAttribute('allow_authenticated');
  }

  // mode - computed: true, optional: false, required: false
  public get mode() {
    return this.getStringAttribute('mode');
  }
}
export interface DataSmtpVirtualServerTls {
}

export function dataSmtpVirtualServerTlsToTerraform(struct?: DataSmtpVirtualServerTls): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  return {
  }
}


export function dataSmtpVirtualServerTlsToHclTerraform(struct?: DataSmtpVirtualServerTls): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  const attrs = {
  };
  return attrs;
}

export class DataSmtpVirtualServerTlsOutputReference extends cdktf.ComplexObject {
  private isEmptyObject = false;

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  */
  public constructor(terraformResource: cdktf.IInterpolatingParent, terraformAttribute: string) {
    super(terraformResource, terraformAttribute, false);
  }

  public get internalValue(): DataSmtpVirtualServerTls | undefined {
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: DataSmtpVirtualServerTls | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
    }
  }

  // certificate_id - computed: true, optional: false, required: false
  public get certificateId() {
    return this.getStringAttribute('certificate_id');
  }

  // require_128_bit - computed: true, optional: false, required: false
  public get require128Bit() {
    return this.getBooleanAttribute('require_128_bit');
  }

  // require_tls - computed: true, optional: false, required: false
  public get requireTls() {
    return this.getBooleanAttribute('require_tls');
  }
}

/**
* Represents a {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/data-sources/virtual_server smtp_virtual_server}
*/
export class DataSmtpVirtualServer extends cdktf.TerraformDataSource {

  // =================
  // STATIC PROPERTIES
  // =================
  public static readonly tfResourceType = "smtp_virtual_server";

  // ==============
  // STATIC Methods
  // ==============
  /**
  * Generates CDKTF code for importing a DataSmtpVirtualServer resource upon running "cdktf plan <stack-name>"
  * @param scope The scope in which to define this construct
  * @param importToId The construct id used in the generated config for the DataSmtpVirtualServer to import
  * @param importFromId The id of the existing DataSmtpVirtualServer that should be imported. Refer to the {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/data-sources/virtual_server#import import section} in the documentation of this resource for the id to use
  * @param provider? Optional instance of the provider where the DataSmtpVirtualServer to import is found
  */
  public static generateConfigForImport(scope: Construct, importToId: string, importFromId: string, provider?: cdktf.TerraformProvider) {
        return new cdktf.ImportableResource(scope, importToId, { terraformResourceType: "smtp_virtual_server", importId: importFromId, provider });
      }

  // ===========
  // INITIALIZER
  // ===========

  /**
  * Create a new {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/data-sources/virtual_server smtp_virtual_server} Data Source
  *
  * @param scope The scope in which to define this construct
  * @param id The scoped construct ID. Must be unique amongst siblings in the same scope
  * @param options DataSmtpVirtualServerConfig = {}
  */
  public constructor(scope: Construct, id: string, config: DataSmtpVirtualServerConfig = {}) {
    super(scope, id, {
      terraformResourceType: 'smtp_virtual_server',
      terraformGeneratorMetadata: {
        providerName: 'smtp'
      },
      provider: config.provider,
      dependsOn: config.dependsOn,
      count: config.count,
      lifecycle: config.lifecycle,
      provisioners: config.provisioners,
      connection: config.connection,
      forEach: config.forEach
    });
    this._id = config.id;
    this._name = config.name;
  }

  // ==========
  // ATTRIBUTES
  // ==========

  // authentication - computed: true, optional: false, required: false
  private _authentication = new DataSmtpVirtualServerAuthenticationOutputReference(this, "authentication");
  public get authentication() {
    return this._authentication;
  }

  // bind_address - computed: true, optional: false, required: false
  public get bindAddress() {
    return this.getStringAttribute('bind_address');
  }

  // connection_control - computed: true, optional: false, required: false
  private _connectionControl = new DataSmtpVirtualServerConnectionControlOutputReference(this, "connection_control");
  public get connectionControl() {
    return this._connectionControl;
  }

  // dead_letter - computed: true, optional: false, required: false
  private _deadLetter = new DataSmtpVirtualServerDeadLetterOutputReference(this, "dead_letter");
  public get deadLetter() {
    return this._deadLetter;
  }

  // delivery - computed: true, optional: false, required: false
  private _delivery = new DataSmtpVirtualServerDeliveryOutputReference(this, "delivery");
  public get delivery() {
    return this._delivery;
  }

  // drop_directory - computed: true, optional: false, required: false
  public get dropDirectory() {
    return this.getStringAttribute('drop_directory');
  }

  // enabled - computed: true, optional: false, required: false
  public get enabled() {
    return this.getBooleanAttribute('enabled');
  }

  // fqdn - computed: true, optional: false, required: false
  public get fqdn() {
    return this.getStringAttribute('fqdn');
  }

  // id - computed: true, optional: true, required: false
  private _id?: string; 
  public get id() {
    return this.getStringAttribute('id');
  }
  public set id(value: string) {
    this._id = value;
  }
  public resetId() {
    this._id = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get idInput() {
    return this._id;
  }

  // limits - computed: true, optional: false, required: false
  private _limits = new DataSmtpVirtualServerLimitsOutputReference(this, "limits");
  public get limits() {
    return this._limits;
  }

  // listener_state - computed: true, optional: false, required: false
  public get listenerState() {
    return this.getStringAttribute('listener_state');
  }

  // local_domains - computed: true, optional: false, required: false
  public get localDomains() {
    return this.getListAttribute('local_domains');
  }

  // name - computed: true, optional: true, required: false
  private _name?: string; 
  public get name() {
    return this.getStringAttribute('name');
  }
  public set name(value: string) {
    this._name = value;
  }
  public resetName() {
    this._name = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get nameInput() {
    return this._name;
  }

  // ndr - computed: true, optional: false, required: false
  private _ndr = new DataSmtpVirtualServerNdrOutputReference(this, "ndr");
  public get ndr() {
    return this._ndr;
  }

  // port - computed: true, optional: false, required: false
  public get port() {
    return this.getNumberAttribute('port');
  }

  // rate_limits - computed: true, optional: false, required: false
  private _rateLimits = new DataSmtpVirtualServerRateLimitsOutputReference(this, "rate_limits");
  public get rateLimits() {
    return this._rateLimits;
  }

  // relay_control - computed: true, optional: false, required: false
  private _relayControl = new DataSmtpVirtualServerRelayControlOutputReference(this, "relay_control");
  public get relayControl() {
    return this._relayControl;
  }

  // tls - computed: true, optional: false, required: false
  private _tls = new DataSmtpVirtualServerTlsOutputReference(this, "tls");
  public get tls() {
    return this._tls;
  }

  // =========
  // SYNTHESIS
  // =========

  protected synthesizeAttributes(): { [name: string]: any } {
    return {
      id: cdktf.stringToTerraform(this._id),
      name: cdktf.stringToTerraform(this._name),
    };
  }

  protected synthesizeHclAttributes(): { [name: string]: any } {
    const attrs = {
      id: {
        value: cdktf.stringToHclTerraform(this._id),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      name: {
        value: cdktf.stringToHclTerraform(this._name),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
    };

    // remove undefined attributes
    return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined ))
  }
}
