// https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/connection_rules
// generated from terraform resource schema

import { Construct } from 'constructs';
import * as cdktf from 'cdktf';

// Configuration

export interface ConnectionRulesConfig extends cdktf.TerraformMetaArguments {
  /**
  * Every connection rule of the server: a rule added or removed outside Terraform shows in the next plan, and apply makes the list exactly this (rules that stay keep their ids). Each sets exactly one of `ip_address`, `ip_address` + `subnet_mask`, `cidr` or `domain`, and no two match the same clients. The order is the configuration's and changes nothing on the relay (a rule added outside Terraform is read at the end). `[]` is a server with none, and so is a destroyed list.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/connection_rules#rules ConnectionRules#rules}
  */
  readonly rules: ConnectionRulesRules[] | cdktf.IResolvable;
  /**
  * The virtual server whose list this is. Changing it replaces the list (the old server's list is emptied).
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/connection_rules#virtual_server_id ConnectionRules#virtual_server_id}
  */
  readonly virtualServerId: string;
}
export interface ConnectionRulesRules {
  /**
  * A CIDR block of client addresses, e.g. `192.0.2.0/24` or `2001:db8::/32`.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/connection_rules#cidr ConnectionRules#cidr}
  */
  readonly cidr?: string;
  /**
  * Free text for humans (at most 1000 characters). Defaults to `""`.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/connection_rules#description ConnectionRules#description}
  */
  readonly description?: string;
  /**
  * A domain name: matches clients whose forward-confirmed reverse DNS name is this domain or below it.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/connection_rules#domain ConnectionRules#domain}
  */
  readonly domain?: string;
  /**
  * The client's IPv4 or IPv6 address; with `subnet_mask`, an IPv4 group of addresses.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/connection_rules#ip_address ConnectionRules#ip_address}
  */
  readonly ipAddress?: string;
  /**
  * Dotted IPv4 subnet mask (e.g. `255.255.255.0`) that turns `ip_address` into a group of addresses. Only with `ip_address`.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/connection_rules#subnet_mask ConnectionRules#subnet_mask}
  */
  readonly subnetMask?: string;
}

export function connectionRulesRulesToTerraform(struct?: ConnectionRulesRules | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  return {
    cidr: cdktf.stringToTerraform(struct!.cidr),
    description: cdktf.stringToTerraform(struct!.description),
    domain: cdktf.stringToTerraform(struct!.domain),
    ip_address: cdktf.stringToTerraform(struct!.ipAddress),
    subnet_mask: cdktf.stringToTerraform(struct!.subnetMask),
  }
}


export function connectionRulesRulesToHclTerraform(struct?: ConnectionRulesRules | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  const attrs = {
    cidr: {
      value: cdktf.stringToHclTerraform(struct!.cidr),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    description: {
      value: cdktf.stringToHclTerraform(struct!.description),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    domain: {
      value: cdktf.stringToHclTerraform(struct!.domain),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    ip_address: {
      value: cdktf.stringToHclTerraform(struct!.ipAddress),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    subnet_mask: {
      value: cdktf.stringToHclTerraform(struct!.subnetMask),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

export class ConnectionRulesRulesOutputReference extends cdktf.ComplexObject {
  private isEmptyObject = false;
  private resolvableValue?: cdktf.IResolvable;

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  * @param complexObjectIndex the index of this item in the list
  * @param complexObjectIsFromSet whether the list is wrapping a set (will add tolist() to be able to access an item via an index)
  */
  public constructor(terraformResource: cdktf.IInterpolatingParent, terraformAttribute: string, complexObjectIndex: number, complexObjectIsFromSet: boolean) {
    super(terraformResource, terraformAttribute, complexObjectIsFromSet, complexObjectIndex);
  }

  public get internalValue(): ConnectionRulesRules | cdktf.IResolvable | undefined {
    if (this.resolvableValue) {
      return this.resolvableValue;
    }
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    if (this._cidr !== undefined) {
      hasAnyValues = true;
      internalValueResult.cidr = this._cidr;
    }
    if (this._description !== undefined) {
      hasAnyValues = true;
      internalValueResult.description = this._description;
    }
    if (this._domain !== undefined) {
      hasAnyValues = true;
      internalValueResult.domain = this._domain;
    }
    if (this._ipAddress !== undefined) {
      hasAnyValues = true;
      internalValueResult.ipAddress = this._ipAddress;
    }
    if (this._subnetMask !== undefined) {
      hasAnyValues = true;
      internalValueResult.subnetMask = this._subnetMask;
    }
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: ConnectionRulesRules | cdktf.IResolvable | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
      this.resolvableValue = undefined;
      this._cidr = undefined;
      this._description = undefined;
      this._domain = undefined;
      this._ipAddress = undefined;
      this._subnetMask = undefined;
    }
    else if (cdktf.Tokenization.isResolvable(value)) {
      this.isEmptyObject = false;
      this.resolvableValue = value;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
      this.resolvableValue = undefined;
      this._cidr = value.cidr;
      this._description = value.description;
      this._domain = value.domain;
      this._ipAddress = value.ipAddress;
      this._subnetMask = value.subnetMask;
    }
  }

  // cidr - computed: false, optional: true, required: false
  private _cidr?: string; 
  public get cidr() {
    return this.getStringAttribute('cidr');
  }
  public set cidr(value: string) {
    this._cidr = value;
  }
  public resetCidr() {
    this._cidr = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get cidrInput() {
    return this._cidr;
  }

  // description - computed: true, optional: true, required: false
  private _description?: string; 
  public get description() {
    return this.getStringAttribute('description');
  }
  public set description(value: string) {
    this._description = value;
  }
  public resetDescription() {
    this._description = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get descriptionInput() {
    return this._description;
  }

  // domain - computed: false, optional: true, required: false
  private _domain?: string; 
  public get domain() {
    return this.getStringAttribute('domain');
  }
  public set domain(value: string) {
    this._domain = value;
  }
  public resetDomain() {
    this._domain = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get domainInput() {
    return this._domain;
  }

  // ip_address - computed: false, optional: true, required: false
  private _ipAddress?: string; 
  public get ipAddress() {
    return this.getStringAttribute('ip_address');
  }
  public set ipAddress(value: string) {
    this._ipAddress = value;
  }
  public resetIpAddress() {
    this._ipAddress = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get ipAddressInput() {
    return this._ipAddress;
  }

  // subnet_mask - computed: false, optional: true, required: false
  private _subnetMask?: string; 
  public get subnetMask() {
    return this.getStringAttribute('subnet_mask');
  }
  public set subnetMask(value: string) {
    this._subnetMask = value;
  }
  public resetSubnetMask() {
    this._subnetMask = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get subnetMaskInput() {
    return this._subnetMask;
  }
}

export class ConnectionRulesRulesList extends cdktf.ComplexList {
  public internalValue? : ConnectionRulesRules[] | cdktf.IResolvable

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  * @param wrapsSet whether the list is wrapping a set (will add tolist() to be able to access an item via an index)
  */
  constructor(protected terraformResource: cdktf.IInterpolatingParent, protected terraformAttribute: string, protected wrapsSet: boolean) {
    super(terraformResource, terraformAttribute, wrapsSet)
  }

  /**
  * @param index the index of the item to return
  */
  public get(index: number): ConnectionRulesRulesOutputReference {
    return new ConnectionRulesRulesOutputReference(this.terraformResource, this.terraformAttribute, index, this.wrapsSet);
  }
}

/**
* Represents a {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/connection_rules smtp_connection_rules}
*/
export class ConnectionRules extends cdktf.TerraformResource {

  // =================
  // STATIC PROPERTIES
  // =================
  public static readonly tfResourceType = "smtp_connection_rules";

  // ==============
  // STATIC Methods
  // ==============
  /**
  * Generates CDKTF code for importing a ConnectionRules resource upon running "cdktf plan <stack-name>"
  * @param scope The scope in which to define this construct
  * @param importToId The construct id used in the generated config for the ConnectionRules to import
  * @param importFromId The id of the existing ConnectionRules that should be imported. Refer to the {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/connection_rules#import import section} in the documentation of this resource for the id to use
  * @param provider? Optional instance of the provider where the ConnectionRules to import is found
  */
  public static generateConfigForImport(scope: Construct, importToId: string, importFromId: string, provider?: cdktf.TerraformProvider) {
        return new cdktf.ImportableResource(scope, importToId, { terraformResourceType: "smtp_connection_rules", importId: importFromId, provider });
      }

  // ===========
  // INITIALIZER
  // ===========

  /**
  * Create a new {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/connection_rules smtp_connection_rules} Resource
  *
  * @param scope The scope in which to define this construct
  * @param id The scoped construct ID. Must be unique amongst siblings in the same scope
  * @param options ConnectionRulesConfig
  */
  public constructor(scope: Construct, id: string, config: ConnectionRulesConfig) {
    super(scope, id, {
      terraformResourceType: 'smtp_connection_rules',
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
    this._rules.internalValue = config.rules;
    this._virtualServerId = config.virtualServerId;
  }

  // ==========
  // ATTRIBUTES
  // ==========

  // id - computed: true, optional: false, required: false
  public get id() {
    return this.getStringAttribute('id');
  }

  // rules - computed: false, optional: false, required: true
  private _rules = new ConnectionRulesRulesList(this, "rules", false);
  public get rules() {
    return this._rules;
  }
  public putRules(value: ConnectionRulesRules[] | cdktf.IResolvable) {
    this._rules.internalValue = value;
  }
  // Temporarily expose input value. Use with caution.
  public get rulesInput() {
    return this._rules.internalValue;
  }

  // virtual_server_id - computed: false, optional: false, required: true
  private _virtualServerId?: string; 
  public get virtualServerId() {
    return this.getStringAttribute('virtual_server_id');
  }
  public set virtualServerId(value: string) {
    this._virtualServerId = value;
  }
  // Temporarily expose input value. Use with caution.
  public get virtualServerIdInput() {
    return this._virtualServerId;
  }

  // =========
  // SYNTHESIS
  // =========

  protected synthesizeAttributes(): { [name: string]: any } {
    return {
      rules: cdktf.listMapper(connectionRulesRulesToTerraform, false)(this._rules.internalValue),
      virtual_server_id: cdktf.stringToTerraform(this._virtualServerId),
    };
  }

  protected synthesizeHclAttributes(): { [name: string]: any } {
    const attrs = {
      rules: {
        value: cdktf.listMapperHcl(connectionRulesRulesToHclTerraform, false)(this._rules.internalValue),
        isBlock: true,
        type: "list",
        storageClassType: "ConnectionRulesRulesList",
      },
      virtual_server_id: {
        value: cdktf.stringToHclTerraform(this._virtualServerId),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
    };

    // remove undefined attributes
    return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined ))
  }
}
