// https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/directory
// generated from terraform resource schema

import { Construct } from 'constructs';
import * as cdktf from 'cdktf';

// Configuration

export interface DirectoryConfig extends cdktf.TerraformMetaArguments {
  /**
  * The service account the relay binds as to look users up (`CN=svc-relay,OU=Service,DC=corp,DC=example`).
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/directory#bind_dn Directory#bind_dn}
  */
  readonly bindDn: string;
  /**
  * The service account's password (write-only, Terraform 1.11+). Required when creating the directory; sent again only when `bind_password_wo_version` changes.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/directory#bind_password_wo Directory#bind_password_wo}
  */
  readonly bindPasswordWo?: string;
  /**
  * Any number you change to make Terraform send `bind_password_wo` again (password rotation). Omitted: the last version is kept (it is never planned back to null).
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/directory#bind_password_wo_version Directory#bind_password_wo_version}
  */
  readonly bindPasswordWoVersion?: number;
  /**
  * How long a successful login and its group memberships are reused without asking the directory (0 = never). Only a salted hash of the password is kept. A user removed from a group loses its rights within this time. Defaults to `60`.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/directory#cache_ttl_seconds Directory#cache_ttl_seconds}
  */
  readonly cacheTtlSeconds?: number;
  /**
  * The Windows-style domain (`CORP`) whose users this directory answers for: `CORP\alice`, `alice@CORP`, or a bare `alice` on a virtual server whose `authentication.basic_default_domain` is `CORP`. Unique across directories (case-insensitive); a local `smtp_account` of the same name and domain is checked first.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/directory#domain Directory#domain}
  */
  readonly domain: string;
  /**
  * Which defaults apply: `"active_directory"` (user filter on `sAMAccountName`/`userPrincipalName` without disabled accounts, nested groups through `LDAP_MATCHING_RULE_IN_CHAIN`) or `"openldap"` (`uid`, groups by `member`). Defaults to `"active_directory"`.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/directory#flavor Directory#flavor}
  */
  readonly flavor?: string;
  /**
  * The DN groups are searched under for `"openldap"` membership. Unset: `user_search_base`.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/directory#group_search_base Directory#group_search_base}
  */
  readonly groupSearchBase?: string;
  /**
  * How many levels of nested groups `"openldap"` membership follows (1-20). Defaults to `5`.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/directory#max_group_depth Directory#max_group_depth}
  */
  readonly maxGroupDepth?: number;
  /**
  * A name for humans (1 to 200 characters).
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/directory#name Directory#name}
  */
  readonly name: string;
  /**
  * How long "no such user" is remembered (0-30 s). Defaults to `5`.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/directory#negative_cache_seconds Directory#negative_cache_seconds}
  */
  readonly negativeCacheSeconds?: number;
  /**
  * Upgrade `ldap://` connections with StartTLS before binding (`ldaps://` is TLS from the start). `false` sends the bind password in clear over `ldap://` URLs. Defaults to `true`.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/directory#start_tls Directory#start_tls}
  */
  readonly startTls?: boolean | cdktf.IResolvable;
  /**
  * Connect and operation timeout per directory server, in seconds; then the next URL is tried. Defaults to `5`.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/directory#timeout_seconds Directory#timeout_seconds}
  */
  readonly timeoutSeconds?: number;
  /**
  * PEM certificates trusted besides the system roots for the directory servers' certificates (your enterprise CA). The certificate must always chain to a trusted root and name the host in the URL.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/directory#tls_ca_pem Directory#tls_ca_pem}
  */
  readonly tlsCaPem?: string;
  /**
  * Directory servers tried in this order until one answers (`ldaps://dc1.corp.example`, `ldap://dc2.corp.example:389`).
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/directory#urls Directory#urls}
  */
  readonly urls: string[];
  /**
  * LDAP filter that finds one enabled user; `{user}` stands for the login name (escaped per RFC 4515). Unset: the flavor's default, `(&(objectClass=user)(|(sAMAccountName={user})(userPrincipalName={user}))(!(userAccountControl:1.2.840.113556.1.4.803:=2)))` or `(uid={user})`.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/directory#user_filter Directory#user_filter}
  */
  readonly userFilter?: string;
  /**
  * The DN users are searched under (subtree), e.g. `DC=corp,DC=example`.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/directory#user_search_base Directory#user_search_base}
  */
  readonly userSearchBase: string;
}

/**
* Represents a {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/directory smtp_directory}
*/
export class Directory extends cdktf.TerraformResource {

  // =================
  // STATIC PROPERTIES
  // =================
  public static readonly tfResourceType = "smtp_directory";

  // ==============
  // STATIC Methods
  // ==============
  /**
  * Generates CDKTF code for importing a Directory resource upon running "cdktf plan <stack-name>"
  * @param scope The scope in which to define this construct
  * @param importToId The construct id used in the generated config for the Directory to import
  * @param importFromId The id of the existing Directory that should be imported. Refer to the {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/directory#import import section} in the documentation of this resource for the id to use
  * @param provider? Optional instance of the provider where the Directory to import is found
  */
  public static generateConfigForImport(scope: Construct, importToId: string, importFromId: string, provider?: cdktf.TerraformProvider) {
        return new cdktf.ImportableResource(scope, importToId, { terraformResourceType: "smtp_directory", importId: importFromId, provider });
      }

  // ===========
  // INITIALIZER
  // ===========

  /**
  * Create a new {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/directory smtp_directory} Resource
  *
  * @param scope The scope in which to define this construct
  * @param id The scoped construct ID. Must be unique amongst siblings in the same scope
  * @param options DirectoryConfig
  */
  public constructor(scope: Construct, id: string, config: DirectoryConfig) {
    super(scope, id, {
      terraformResourceType: 'smtp_directory',
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
    this._bindDn = config.bindDn;
    this._bindPasswordWo = config.bindPasswordWo;
    this._bindPasswordWoVersion = config.bindPasswordWoVersion;
    this._cacheTtlSeconds = config.cacheTtlSeconds;
    this._domain = config.domain;
    this._flavor = config.flavor;
    this._groupSearchBase = config.groupSearchBase;
    this._maxGroupDepth = config.maxGroupDepth;
    this._name = config.name;
    this._negativeCacheSeconds = config.negativeCacheSeconds;
    this._startTls = config.startTls;
    this._timeoutSeconds = config.timeoutSeconds;
    this._tlsCaPem = config.tlsCaPem;
    this._urls = config.urls;
    this._userFilter = config.userFilter;
    this._userSearchBase = config.userSearchBase;
  }

  // ==========
  // ATTRIBUTES
  // ==========

  // bind_dn - computed: false, optional: false, required: true
  private _bindDn?: string; 
  public get bindDn() {
    return this.getStringAttribute('bind_dn');
  }
  public set bindDn(value: string) {
    this._bindDn = value;
  }
  // Temporarily expose input value. Use with caution.
  public get bindDnInput() {
    return this._bindDn;
  }

  // bind_password_wo - computed: false, optional: true, required: false
  private _bindPasswordWo?: string; 
  public get bindPasswordWo() {
    return this.getStringAttribute('bind_password_wo');
  }
  public set bindPasswordWo(value: string) {
    this._bindPasswordWo = value;
  }
  public resetBindPasswordWo() {
    this._bindPasswordWo = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get bindPasswordWoInput() {
    return this._bindPasswordWo;
  }

  // bind_password_wo_version - computed: true, optional: true, required: false
  private _bindPasswordWoVersion?: number; 
  public get bindPasswordWoVersion() {
    return this.getNumberAttribute('bind_password_wo_version');
  }
  public set bindPasswordWoVersion(value: number) {
    this._bindPasswordWoVersion = value;
  }
  public resetBindPasswordWoVersion() {
    this._bindPasswordWoVersion = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get bindPasswordWoVersionInput() {
    return this._bindPasswordWoVersion;
  }

  // cache_ttl_seconds - computed: true, optional: true, required: false
  private _cacheTtlSeconds?: number; 
  public get cacheTtlSeconds() {
    return this.getNumberAttribute('cache_ttl_seconds');
  }
  public set cacheTtlSeconds(value: number) {
    this._cacheTtlSeconds = value;
  }
  public resetCacheTtlSeconds() {
    this._cacheTtlSeconds = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get cacheTtlSecondsInput() {
    return this._cacheTtlSeconds;
  }

  // domain - computed: false, optional: false, required: true
  private _domain?: string; 
  public get domain() {
    return this.getStringAttribute('domain');
  }
  public set domain(value: string) {
    this._domain = value;
  }
  // Temporarily expose input value. Use with caution.
  public get domainInput() {
    return this._domain;
  }

  // flavor - computed: true, optional: true, required: false
  private _flavor?: string; 
  public get flavor() {
    return this.getStringAttribute('flavor');
  }
  public set flavor(value: string) {
    this._flavor = value;
  }
  public resetFlavor() {
    this._flavor = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get flavorInput() {
    return this._flavor;
  }

  // group_search_base - computed: false, optional: true, required: false
  private _groupSearchBase?: string; 
  public get groupSearchBase() {
    return this.getStringAttribute('group_search_base');
  }
  public set groupSearchBase(value: string) {
    this._groupSearchBase = value;
  }
  public resetGroupSearchBase() {
    this._groupSearchBase = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get groupSearchBaseInput() {
    return this._groupSearchBase;
  }

  // id - computed: true, optional: false, required: false
  public get id() {
    return this.getStringAttribute('id');
  }

  // max_group_depth - computed: true, optional: true, required: false
  private _maxGroupDepth?: number; 
  public get maxGroupDepth() {
    return this.getNumberAttribute('max_group_depth');
  }
  public set maxGroupDepth(value: number) {
    this._maxGroupDepth = value;
  }
  public resetMaxGroupDepth() {
    this._maxGroupDepth = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get maxGroupDepthInput() {
    return this._maxGroupDepth;
  }

  // name - computed: false, optional: false, required: true
  private _name?: string; 
  public get name() {
    return this.getStringAttribute('name');
  }
  public set name(value: string) {
    this._name = value;
  }
  // Temporarily expose input value. Use with caution.
  public get nameInput() {
    return this._name;
  }

  // negative_cache_seconds - computed: true, optional: true, required: false
  private _negativeCacheSeconds?: number; 
  public get negativeCacheSeconds() {
    return this.getNumberAttribute('negative_cache_seconds');
  }
  public set negativeCacheSeconds(value: number) {
    this._negativeCacheSeconds = value;
  }
  public resetNegativeCacheSeconds() {
    this._negativeCacheSeconds = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get negativeCacheSecondsInput() {
    return this._negativeCacheSeconds;
  }

  // start_tls - computed: true, optional: true, required: false
  private _startTls?: boolean | cdktf.IResolvable; 
  public get startTls() {
    return this.getBooleanAttribute('start_tls');
  }
  public set startTls(value: boolean | cdktf.IResolvable) {
    this._startTls = value;
  }
  public resetStartTls() {
    this._startTls = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get startTlsInput() {
    return this._startTls;
  }

  // timeout_seconds - computed: true, optional: true, required: false
  private _timeoutSeconds?: number; 
  public get timeoutSeconds() {
    return this.getNumberAttribute('timeout_seconds');
  }
  public set timeoutSeconds(value: number) {
    this._timeoutSeconds = value;
  }
  public resetTimeoutSeconds() {
    this._timeoutSeconds = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get timeoutSecondsInput() {
    return this._timeoutSeconds;
  }

  // tls_ca_pem - computed: false, optional: true, required: false
  private _tlsCaPem?: string; 
  public get tlsCaPem() {
    return this.getStringAttribute('tls_ca_pem');
  }
  public set tlsCaPem(value: string) {
    this._tlsCaPem = value;
  }
  public resetTlsCaPem() {
    this._tlsCaPem = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get tlsCaPemInput() {
    return this._tlsCaPem;
  }

  // urls - computed: false, optional: false, required: true
  private _urls?: string[]; 
  public get urls() {
    return this.getListAttribute('urls');
  }
  public set urls(value: string[]) {
    this._urls = value;
  }
  // Temporarily expose input value. Use with caution.
  public get urlsInput() {
    return this._urls;
  }

  // user_filter - computed: false, optional: true, required: false
  private _userFilter?: string; 
  public get userFilter() {
    return this.getStringAttribute('user_filter');
  }
  public set userFilter(value: string) {
    this._userFilter = value;
  }
  public resetUserFilter() {
    this._userFilter = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get userFilterInput() {
    return this._userFilter;
  }

  // user_search_base - computed: false, optional: false, required: true
  private _userSearchBase?: string; 
  public get userSearchBase() {
    return this.getStringAttribute('user_search_base');
  }
  public set userSearchBase(value: string) {
    this._userSearchBase = value;
  }
  // Temporarily expose input value. Use with caution.
  public get userSearchBaseInput() {
    return this._userSearchBase;
  }

  // =========
  // SYNTHESIS
  // =========

  protected synthesizeAttributes(): { [name: string]: any } {
    return {
      bind_dn: cdktf.stringToTerraform(this._bindDn),
      bind_password_wo: cdktf.stringToTerraform(this._bindPasswordWo),
      bind_password_wo_version: cdktf.numberToTerraform(this._bindPasswordWoVersion),
      cache_ttl_seconds: cdktf.numberToTerraform(this._cacheTtlSeconds),
      domain: cdktf.stringToTerraform(this._domain),
      flavor: cdktf.stringToTerraform(this._flavor),
      group_search_base: cdktf.stringToTerraform(this._groupSearchBase),
      max_group_depth: cdktf.numberToTerraform(this._maxGroupDepth),
      name: cdktf.stringToTerraform(this._name),
      negative_cache_seconds: cdktf.numberToTerraform(this._negativeCacheSeconds),
      start_tls: cdktf.booleanToTerraform(this._startTls),
      timeout_seconds: cdktf.numberToTerraform(this._timeoutSeconds),
      tls_ca_pem: cdktf.stringToTerraform(this._tlsCaPem),
      urls: cdktf.listMapper(cdktf.stringToTerraform, false)(this._urls),
      user_filter: cdktf.stringToTerraform(this._userFilter),
      user_search_base: cdktf.stringToTerraform(this._userSearchBase),
    };
  }

  protected synthesizeHclAttributes(): { [name: string]: any } {
    const attrs = {
      bind_dn: {
        value: cdktf.stringToHclTerraform(this._bindDn),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      bind_password_wo: {
        value: cdktf.stringToHclTerraform(this._bindPasswordWo),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      bind_password_wo_version: {
        value: cdktf.numberToHclTerraform(this._bindPasswordWoVersion),
        isBlock: false,
        type: "simple",
        storageClassType: "number",
      },
      cache_ttl_seconds: {
        value: cdktf.numberToHclTerraform(this._cacheTtlSeconds),
        isBlock: false,
        type: "simple",
        storageClassType: "number",
      },
      domain: {
        value: cdktf.stringToHclTerraform(this._domain),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      flavor: {
        value: cdktf.stringToHclTerraform(this._flavor),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      group_search_base: {
        value: cdktf.stringToHclTerraform(this._groupSearchBase),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      max_group_depth: {
        value: cdktf.numberToHclTerraform(this._maxGroupDepth),
        isBlock: false,
        type: "simple",
        storageClassType: "number",
      },
      name: {
        value: cdktf.stringToHclTerraform(this._name),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      negative_cache_seconds: {
        value: cdktf.numberToHclTerraform(this._negativeCacheSeconds),
        isBlock: false,
        type: "simple",
        storageClassType: "number",
      },
      start_tls: {
        value: cdktf.booleanToHclTerraform(this._startTls),
        isBlock: false,
        type: "simple",
        storageClassType: "boolean",
      },
      timeout_seconds: {
        value: cdktf.numberToHclTerraform(this._timeoutSeconds),
        isBlock: false,
        type: "simple",
        storageClassType: "number",
      },
      tls_ca_pem: {
        value: cdktf.stringToHclTerraform(this._tlsCaPem),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      urls: {
        value: cdktf.listMapperHcl(cdktf.stringToHclTerraform, false)(this._urls),
        isBlock: false,
        type: "list",
        storageClassType: "stringList",
      },
      user_filter: {
        value: cdktf.stringToHclTerraform(this._userFilter),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      user_search_base: {
        value: cdktf.stringToHclTerraform(this._userSearchBase),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
    };

    // remove undefined attributes
    return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined ))
  }
}
