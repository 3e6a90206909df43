/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.chaincode.participant;

import static kr.consentledger.chaincode.ErrorCodes.reject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import kr.consentledger.chaincode.Arguments;
import kr.consentledger.chaincode.CanonicalJson;
import kr.consentledger.chaincode.RejectionCode;
import org.hyperledger.fabric.contract.ClientIdentity;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Info;
import org.hyperledger.fabric.contract.annotation.Transaction;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.hyperledger.fabric.shim.ledger.KeyModification;
import org.hyperledger.fabric.shim.ledger.QueryResultsIterator;

/**
 * The participant registry. Unlike DIDs and consents, which only their holders can change, the
 * registry is kept by the network's operators: a change must come from an organisation admin (a
 * certificate with the NodeOU {@code admin}) of a peer organisation. Every change is a new state of
 * the participant's key, so {@link #History} shows them all; each emits {@value
 * #EVENT_PARTICIPANT_CHANGED}.
 */
@Contract(
    name = ParticipantContract.NAME,
    info = @Info(title = "Participant registry", version = "1"))
public final class ParticipantContract implements ContractInterface {
  /** The contract's name. */
  public static final String NAME = "participants";

  /** The event of every change; its payload is the participant's new record. */
  public static final String EVENT_PARTICIPANT_CHANGED = "ParticipantChanged";

  /** The roles a participant may have. */
  public static final Set<String> ROLES = Set.of("provider", "recipient", "auditor");

  /** The statuses a participant may have; only {@code active} participants may take part. */
  public static final Set<String> STATUSES = Set.of("active", "suspended");

  private static final Set<String> ADMIN_MSPS = Set.of("Org1MSP", "Org2MSP");
  private static final Pattern DID = Pattern.compile("did:[a-z0-9]+:[A-Za-z0-9._:%-]{1,200}");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Registers a participant as {@code active}. */
  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String Register(Context ctx, String did, String role, String displayName) {
    Arguments.cap("did", did, Arguments.MAX_DID_LENGTH);
    Arguments.cap("role", role, Arguments.MAX_ID_LENGTH);
    Arguments.cap("displayName", displayName, Arguments.MAX_NAME_LENGTH);
    String admin = requireAdmin(ctx);
    requireDid(did);
    if (!ROLES.contains(role)) {
      throw reject(
          RejectionCode.INVALID_ARGUMENT, "role must be one of " + new java.util.TreeSet<>(ROLES));
    }
    if (displayName == null || displayName.isBlank() || displayName.length() > 200) {
      throw reject(RejectionCode.INVALID_ARGUMENT, "displayName must be 1 to 200 characters");
    }
    ChaincodeStub stub = ctx.getStub();
    if (read(stub, did) != null) {
      throw reject(RejectionCode.PARTICIPANT_EXISTS, did + " is already registered");
    }
    String now = now(stub);
    return write(
        stub,
        new Participant(
            did, role, displayName.strip(), "active", now, admin, now, admin, stub.getTxId()));
  }

  /** Sets a participant's status: {@code active} or {@code suspended}. */
  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String SetStatus(Context ctx, String did, String status) {
    Arguments.cap("did", did, Arguments.MAX_DID_LENGTH);
    Arguments.cap("status", status, Arguments.MAX_ID_LENGTH);
    String admin = requireAdmin(ctx);
    if (!STATUSES.contains(status)) {
      throw reject(RejectionCode.INVALID_ARGUMENT, "status must be active or suspended");
    }
    ChaincodeStub stub = ctx.getStub();
    Participant p = existing(stub, did);
    return write(
        stub,
        new Participant(
            p.did(),
            p.role(),
            p.displayName(),
            status,
            p.registeredAt(),
            p.registeredBy(),
            now(stub),
            admin,
            stub.getTxId()));
  }

  /** The participant's current record. */
  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String Get(Context ctx, String did) {
    Arguments.cap("did", did, Arguments.MAX_DID_LENGTH);
    return CanonicalJson.toString(existing(ctx.getStub(), did));
  }

  /** Every state the participant's record has had, oldest first. */
  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String History(Context ctx, String did) {
    Arguments.cap("did", did, Arguments.MAX_DID_LENGTH);
    ChaincodeStub stub = ctx.getStub();
    existing(stub, did);
    List<JsonNode> states = new ArrayList<>();
    try (QueryResultsIterator<KeyModification> history = stub.getHistoryForKey(key(stub, did))) {
      for (KeyModification m : history) {
        ObjectNode e = JsonNodeFactory.instance.objectNode();
        e.put("txId", m.getTxId());
        e.put("timestamp", m.getTimestamp().truncatedTo(ChronoUnit.SECONDS).toString());
        e.set("record", JSON.readTree(m.getValue()));
        states.add(e);
      }
    } catch (Exception e) {
      throw reject(RejectionCode.INTERNAL, "cannot read the history of " + did);
    }
    Collections.reverse(states); // the peer returns newest first
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    states.forEach(out::add);
    return new String(CanonicalJson.treeToBytes(out), StandardCharsets.UTF_8);
  }

  /** The MSP id of the calling organisation admin. */
  private static String requireAdmin(Context ctx) {
    ClientIdentity id = ctx.getClientIdentity();
    if (!ADMIN_MSPS.contains(id.getMSPID()) || !hasAdminOu(id.getX509Certificate())) {
      throw reject(
          RejectionCode.NOT_AN_ADMIN,
          "only an organisation admin of "
              + new java.util.TreeSet<>(ADMIN_MSPS)
              + " may change the registry");
    }
    return id.getMSPID();
  }

  private static boolean hasAdminOu(X509Certificate cert) {
    try {
      for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
        if (rdn.getType().equalsIgnoreCase("OU") && "admin".equals(rdn.getValue().toString())) {
          return true;
        }
      }
      return false;
    } catch (javax.naming.InvalidNameException e) {
      return false;
    }
  }

  private static void requireDid(String did) {
    if (did == null || !DID.matcher(did).matches()) {
      throw reject(RejectionCode.INVALID_ARGUMENT, "not a DID: " + did);
    }
  }

  private static Participant existing(ChaincodeStub stub, String did) {
    requireDid(did);
    Participant p = read(stub, did);
    if (p == null) {
      throw reject(RejectionCode.PARTICIPANT_NOT_FOUND, did + " is not a registered participant");
    }
    return p;
  }

  /**
   * The participant's record, or null; for the other contracts of this chaincode. A text that is
   * not a DID the registry accepts has none (and may not even be a composite-key attribute:
   * U+0000).
   */
  public static Participant read(ChaincodeStub stub, String did) {
    if (did == null || !DID.matcher(did).matches()) {
      return null;
    }
    byte[] json = stub.getState(key(stub, did));
    return json == null || json.length == 0
        ? null
        : CanonicalJson.fromBytes(json, Participant.class);
  }

  private static String write(ChaincodeStub stub, Participant p) {
    byte[] json = CanonicalJson.toBytes(p);
    stub.putState(key(stub, p.did()), json);
    stub.setEvent(EVENT_PARTICIPANT_CHANGED, json);
    return new String(json, StandardCharsets.UTF_8);
  }

  private static String key(ChaincodeStub stub, String did) {
    return stub.createCompositeKey("participant", did).toString();
  }

  private static String now(ChaincodeStub stub) {
    return stub.getTxTimestamp().truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
